// The playground in Chromium: every lab loads cleanly, its main interaction works, its numbers
// equal Node's to the bit, links reproduce the state, the keyboard drives it and axe finds no
// serious violation. Screenshots of each lab at 1440 and 390 px go to test-artifacts/.
import { after, before, describe } from "node:test";
import { endSession, startSession, type Session } from "./browser.js";
import { lab1Tests } from "./lab1.js";
import { lab2Tests } from "./lab2.js";
import { lab3Tests } from "./lab3.js";
import { lab4Tests } from "./lab4.js";
import { lab5Tests } from "./lab5.js";
import { lab6Tests } from "./lab6.js";

describe("playground in Chromium", () => {
  const session = {} as { s: Session };
  before(async () => {
    session.s = await startSession();
  });
  after(async () => {
    await endSession(session.s);
  });
  lab1Tests(() => session.s);
  lab2Tests(() => session.s);
  lab3Tests(() => session.s);
  lab4Tests(() => session.s);
  lab5Tests(() => session.s);
  lab6Tests(() => session.s);
});
