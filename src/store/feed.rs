//! SHA-256 of a row's values, as the chain hashes them (`chain::row_digest`, `chain::link`).
//! `muster check` hashes every row and every chain entry: close to two million hashes of a
//! few hundred bytes for 600,000 attempts. A row's values are a few bytes each, and
//! handing each to a hasher on its own cost about as much as the hashing; a hasher object
//! (its state and its block buffer) copied in and out of the calls that make and finish it
//! cost a tenth more. So the bytes are gathered here in whole blocks on the stack and
//! handed to SHA-256's compression function (`sha2`'s, which uses the processor's SHA
//! instructions where it has them), with the standard's padding added in `finish`.
//! The digest is SHA-256's, byte for byte (pinned by the tests below).

use rusqlite::types::ValueRef;
use sha2::block_api::compress256;

/// Blocks gathered before they are compressed; one more is kept for the padding.
const GATHER: usize = 4;
const BLOCK: usize = 64;

/// SHA-256's initial state (FIPS 180-4, 5.3.3).
const INITIAL: [u32; 8] = [
    0x6a09e667, 0xbb67ae85, 0x3c6ef372, 0xa54ff53a, 0x510e527f, 0x9b05688c, 0x1f83d9ab, 0x5be0cd19,
];

/// See the module comment.
pub(crate) struct Feed {
    state: [u32; 8],
    blocks: [[u8; BLOCK]; GATHER + 1],
    /// Bytes gathered in `blocks`, always below `GATHER * BLOCK`.
    len: usize,
    /// Bytes already compressed.
    done: u64,
}

impl Feed {
    #[inline(always)]
    pub fn new(prefix: &[u8]) -> Feed {
        let mut f = Feed {
            state: INITIAL,
            blocks: [[0; BLOCK]; GATHER + 1],
            len: 0,
            done: 0,
        };
        f.put(prefix);
        f
    }

    #[inline(always)]
    pub fn put(&mut self, b: &[u8]) {
        if self.len + b.len() < GATHER * BLOCK {
            self.blocks.as_flattened_mut()[self.len..self.len + b.len()].copy_from_slice(b);
            self.len += b.len();
        } else {
            self.put_long(b);
        }
    }

    /// Bytes that fill the gathered blocks: they are compressed, and gathering starts over.
    #[inline(never)]
    fn put_long(&mut self, mut b: &[u8]) {
        let full = GATHER * BLOCK;
        while self.len + b.len() >= full {
            let n = full - self.len;
            self.blocks.as_flattened_mut()[self.len..full].copy_from_slice(&b[..n]);
            compress256(&mut self.state, &self.blocks[..GATHER]);
            self.done += full as u64;
            self.len = 0;
            b = &b[n..];
        }
        self.blocks.as_flattened_mut()[..b.len()].copy_from_slice(b);
        self.len = b.len();
    }

    /// One value, typed and length-prefixed, so no two different rows encode the same.
    #[inline(always)]
    pub fn value(&mut self, v: ValueRef) {
        match v {
            ValueRef::Null => self.put(&[0]),
            ValueRef::Integer(i) => {
                self.put(&[1]);
                self.put(&i.to_be_bytes());
            }
            ValueRef::Real(f) => {
                self.put(&[2]);
                self.put(&f.to_bits().to_be_bytes());
            }
            ValueRef::Text(t) => {
                self.put(&[3]);
                self.put(&(t.len() as u64).to_be_bytes());
                self.put(t);
            }
            ValueRef::Blob(b) => {
                self.put(&[4]);
                self.put(&(b.len() as u64).to_be_bytes());
                self.put(b);
            }
        }
    }

    /// The digest: the gathered bytes, then a one bit, zeros, and the length in bits, to
    /// a whole number of blocks (FIPS 180-4, 5.1.1).
    #[inline(always)]
    pub fn finish(mut self) -> [u8; 32] {
        let bits = (self.done + self.len as u64) * 8;
        let end = (self.len + 1 + 8).div_ceil(BLOCK) * BLOCK;
        let bytes = self.blocks.as_flattened_mut();
        bytes[self.len] = 0x80;
        bytes[self.len + 1..end - 8].fill(0);
        bytes[end - 8..end].copy_from_slice(&bits.to_be_bytes());
        compress256(&mut self.state, &self.blocks[..end / BLOCK]);
        let mut out = [0; 32];
        for (o, word) in out.chunks_exact_mut(4).zip(self.state) {
            o.copy_from_slice(&word.to_be_bytes());
        }
        out
    }
}

#[cfg(test)]
mod tests {
    use super::*;
    use sha2::{Digest, Sha256};

    /// Every length around each block and gathering boundary, fed whole and in pieces of
    /// every size up to 70: the digest is SHA-256's.
    #[test]
    fn the_digest_is_sha256_for_every_length_and_every_way_of_feeding() {
        let data: Vec<u8> = (0..800u32).map(|i| (i * 31 + 7) as u8).collect();
        for len in 0..data.len() {
            let want: [u8; 32] = Sha256::digest(&data[..len]).into();
            let mut whole = Feed::new(&[]);
            whole.put(&data[..len]);
            assert_eq!(whole.finish(), want, "length {len}, whole");
            for piece in [1, 3, 8, 55, 63, 64, 65, 70] {
                let mut f = Feed::new(&data[..len.min(5)]);
                for chunk in data[len.min(5)..len].chunks(piece) {
                    f.put(chunk);
                }
                assert_eq!(f.finish(), want, "length {len}, pieces of {piece}");
            }
        }
    }

    #[test]
    fn a_long_value_after_a_short_prefix_is_hashed_whole() {
        let long = vec![0xa5; 5000];
        let mut f = Feed::new(b"muster-row\0");
        f.value(ValueRef::Blob(&long));
        let mut want = Sha256::new();
        want.update(b"muster-row\0");
        want.update([4]);
        want.update((long.len() as u64).to_be_bytes());
        want.update(&long);
        assert_eq!(f.finish(), <[u8; 32]>::from(want.finalize()));
    }
}
