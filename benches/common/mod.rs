//! Inputs the benchmarks share.

/// The built-in sample repeated (with a blank line between copies) to at
/// least `bytes` bytes: a reproducible input without a generated file.
pub fn repeated_sample(bytes: usize) -> Vec<u8> {
    let sample = newsdump::SAMPLE.as_bytes();
    let mut out = Vec::with_capacity(bytes + sample.len());
    while out.len() < bytes {
        out.extend_from_slice(sample);
        out.push(b'\n');
    }
    out
}
