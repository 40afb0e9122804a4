//! Seeded randomness: retry jitter, `States.UUID`, `States.MathRandom`, `$random`, `$uuid`,
//! task tokens and generated names all draw from one ChaCha stream seeded by the run, so a run
//! is reproducible from its seed.

use rand_chacha::ChaCha8Rng;
use rand_core::{RngCore, SeedableRng};

pub struct Rng(ChaCha8Rng);

impl Rng {
    pub fn new(seed: u64) -> Rng {
        Rng(ChaCha8Rng::seed_from_u64(seed))
    }

    pub fn next_u64(&mut self) -> u64 {
        self.0.next_u64()
    }

    /// A number in `[0, 1)` with 53 random bits.
    pub fn unit(&mut self) -> f64 {
        (self.next_u64() >> 11) as f64 / (1u64 << 53) as f64
    }

    /// An integer in `lo..=hi` (the bounds in either order), without modulo bias.
    pub fn between(&mut self, lo: i64, hi: i64) -> i64 {
        let (lo, hi) = if lo <= hi { (lo, hi) } else { (hi, lo) };
        let span = (i128::from(hi) - i128::from(lo) + 1) as u128;
        if span > u128::from(u64::MAX) {
            return self.next_u64() as i64;
        }
        let span = span as u64;
        let zone = u64::MAX - (u64::MAX % span);
        loop {
            let v = self.next_u64();
            if v < zone {
                return (i128::from(lo) + i128::from(v % span)) as i64;
            }
        }
    }

    /// A version 4 UUID, lowercase and hyphenated.
    pub fn uuid(&mut self) -> String {
        let mut bytes = [0u8; 16];
        self.0.fill_bytes(&mut bytes);
        uuid::Builder::from_random_bytes(bytes)
            .into_uuid()
            .hyphenated()
            .to_string()
    }

    /// An opaque task token (`$$.Task.Token`).
    pub fn token(&mut self) -> String {
        let mut out = String::with_capacity(64);
        for _ in 0..4 {
            out.push_str(&format!("{:016x}", self.next_u64()));
        }
        out
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn same_seed_same_stream() {
        let mut a = Rng::new(7);
        let mut b = Rng::new(7);
        assert_eq!(a.uuid(), b.uuid());
        assert_eq!(a.between(1, 999), b.between(1, 999));
        let mut c = Rng::new(8);
        assert_ne!(Rng::new(7).uuid(), c.uuid());
    }

    #[test]
    fn values_are_in_range_and_well_formed() {
        let mut r = Rng::new(1);
        for _ in 0..1000 {
            let v = r.between(-3, 3);
            assert!((-3..=3).contains(&v));
            let u = r.unit();
            assert!((0.0..1.0).contains(&u));
        }
        assert_eq!(r.between(5, 5), 5);
        assert!((1..=2).contains(&r.between(2, 1)));
        let id = r.uuid();
        assert_eq!(id.len(), 36);
        assert_eq!(&id[14..15], "4", "{id}");
        assert!(matches!(&id[19..20], "8" | "9" | "a" | "b"), "{id}");
        let _ = r.between(i64::MIN, i64::MAX);
    }
}
