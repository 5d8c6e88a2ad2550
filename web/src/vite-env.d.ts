// Vite's client types: `?url` imports (lab 6's digits) and import.meta.env.
/// <reference types="vite/client" />
