/// The hex digit for the low four bits of `nibble`, lower- or upper-case.
pub(crate) fn hex_digit(nibble: u8, upper_case: bool) -> u8 {
    match nibble & 0x0f {
        digit @ 0..=9 => b'0' + digit,
        letter if upper_case => b'A' + letter - 10,
        letter => b'a' + letter - 10,
    }
}

#[cfg(test)]
mod tests {
    use super::hex_digit;

    #[test]
    fn digits() {
        let lower: Vec<u8> = (0..16).map(|n| hex_digit(n, false)).collect();
        let upper: Vec<u8> = (0..16).map(|n| hex_digit(n, true)).collect();
        assert_eq!(lower, b"0123456789abcdef");
        assert_eq!(upper, b"0123456789ABCDEF");
    }
}
