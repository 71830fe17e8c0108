import assert from 'node:assert/strict';
import { describe, it } from 'node:test';

import {
  createCoalescingSender,
  forEachMessage,
  type WireMessage,
} from '../../../../local/host/worker/coalesceMessages.js';

interface Note {
  readonly kind: 'note';
  readonly n: number;
}

function sender() {
  const posted: WireMessage<Note>[] = [];
  const pendingWrites: (() => void)[] = [];
  const turns: (() => void)[] = [];
  const send = createCoalescingSender<Note>(
    (wire, done) => {
      posted.push(wire);
      pendingWrites.push(done);
    },
    (flush) => turns.push(flush),
  );
  const endTurn = () => turns.splice(0).forEach((flush) => flush());
  const finishWrites = () => pendingWrites.splice(0).forEach((done) => done());
  return { send, posted, endTurn, finishWrites };
}

const note = (n: number): Note => ({ kind: 'note', n });

describe('createCoalescingSender', () => {
  it('posts the messages of one turn as one batch, in the order they were sent', () => {
    const { send, posted, endTurn } = sender();
    send(note(1));
    send(note(2));
    send(note(3));
    assert.deepEqual(posted, [], 'nothing is written before the turn ends');
    endTurn();
    assert.deepEqual(posted, [{ kind: 'batch', messages: [note(1), note(2), note(3)] }]);
  });

  it('posts a message alone in its turn as it is, and each later turn separately', () => {
    const { send, posted, endTurn } = sender();
    send(note(1));
    endTurn();
    send(note(2));
    send(note(3));
    endTurn();
    assert.deepEqual(posted, [note(1), { kind: 'batch', messages: [note(2), note(3)] }]);
  });

  it("runs each message's callback once the write that carried it is done", () => {
    const { send, endTurn, finishWrites } = sender();
    const called: number[] = [];
    send(note(1), () => called.push(1));
    send(note(2));
    send(note(3), () => called.push(3));
    endTurn();
    assert.deepEqual(called, []);
    finishWrites();
    assert.deepEqual(called, [1, 3]);
  });
});

describe('forEachMessage', () => {
  it('hands over a single message and every message of a batch, in order', () => {
    const seen: number[] = [];
    forEachMessage<Note>(note(1), (message) => seen.push(message.n));
    forEachMessage<Note>({ kind: 'batch', messages: [note(2), note(3)] }, (message) =>
      seen.push(message.n),
    );
    assert.deepEqual(seen, [1, 2, 3]);
  });
});
