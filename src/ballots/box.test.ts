/** The box's cryptography: sealing to a public key, t of n shares to open, and the hash chain. */
import { describe, expect, it } from 'vitest';
import {
  boxTag,
  emptyHead,
  keyFromShares,
  KeyShareError,
  newBoxKeys,
  nextHead,
  openWith,
  sealTo,
} from './box.ts';

describe('the ballot box', () => {
  it('a paper sealed to the public key opens with any t of the n shares, and with nothing less', async () => {
    const { publicKey, shares } = await newBoxKeys(3, 2);
    expect(shares).toHaveLength(3);
    const sealed = sealTo(publicKey, Buffer.from('a paper'));
    for (const pair of [
      [0, 1],
      [0, 2],
      [2, 1],
    ]) {
      const key = await keyFromShares(
        pair.map((i) => shares[i] ?? ''),
        publicKey,
      );
      expect(openWith(key, sealed).toString()).toBe('a paper');
    }
    // One share, a share given twice, a share of another ballot, or a mangled share: refused, not a wrong key.
    await expect(keyFromShares([shares[0] ?? ''], publicKey)).rejects.toThrow(KeyShareError);
    await expect(keyFromShares([shares[0] ?? '', shares[0] ?? ''], publicKey)).rejects.toThrow(/twice/);
    const other = await newBoxKeys(3, 2);
    await expect(keyFromShares([shares[0] ?? '', other.shares[1] ?? ''], publicKey)).rejects.toThrow(
      /do not open this ballot/,
    );
    await expect(keyFromShares(['bckey-nonsense', shares[1] ?? ''], publicKey)).rejects.toThrow(
      /not written/,
    );
    // Spaces and line breaks a holder copied with are ignored.
    const spaced = (shares[0] ?? '').replace(/(.{10})/g, '$1 \n');
    expect(openWith(await keyFromShares([spaced, shares[1] ?? ''], publicKey), sealed).toString()).toBe(
      'a paper',
    );
  });

  it('one key holder: their one share opens the box', async () => {
    const { publicKey, shares } = await newBoxKeys(1, 1);
    const sealed = sealTo(publicKey, Buffer.from('alone'));
    expect(openWith(await keyFromShares(shares, publicKey), sealed).toString()).toBe('alone');
    expect(sealTo(publicKey, Buffer.from('alone'))).not.toBe(sealed);
  });

  it('the chain: each head names every paper before it, in order, and belongs to one ballot', () => {
    const a = nextHead(emptyHead('b1'), 't1', 's1');
    const b = nextHead(a, 't2', 's2');
    expect(nextHead(nextHead(emptyHead('b1'), 't2', 's2'), 't1', 's1')).not.toBe(b);
    expect(nextHead(nextHead(emptyHead('b2'), 't1', 's1'), 't2', 's2')).not.toBe(b);
    expect(boxTag('AAAA', 'r')).not.toBe(boxTag('AAAB', 'r'));
  });
});
