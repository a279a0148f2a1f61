//! IP addresses as k8s.io/utils `netutils.ParseIPSloppy` reads them (Go's `net.ParseIP`, with
//! leading zeros allowed in IPv4 parts), and the address classes the validators reject.

/// A parsed address in Go's 16-byte form (IPv4 stored as `::ffff:a.b.c.d`).
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub(crate) struct Ip([u8; 16]);

fn parse_v4(s: &str) -> Option<[u8; 4]> {
    let mut out = [0u8; 4];
    let mut parts = s.split('.');
    for slot in out.iter_mut() {
        let part = parts.next()?;
        if part.is_empty() || !part.bytes().all(|c| c.is_ascii_digit()) {
            return None;
        }
        *slot = part.parse::<u16>().ok().and_then(|v| u8::try_from(v).ok())?;
    }
    if parts.next().is_some() {
        return None;
    }
    Some(out)
}

fn parse_v6(s: &str) -> Option<[u8; 16]> {
    let mut out = [0u8; 16];
    let (head, tail) = match s.split_once("::") {
        Some((h, t)) => (h, Some(t)),
        None => (s, None),
    };
    let parse_groups = |part: &str, allow_v4_tail: bool| -> Option<Vec<u8>> {
        let mut bytes = Vec::new();
        if part.is_empty() {
            return Some(bytes);
        }
        let groups: Vec<&str> = part.split(':').collect();
        for (i, g) in groups.iter().enumerate() {
            if allow_v4_tail && i == groups.len() - 1 && g.contains('.') {
                bytes.extend(parse_v4(g)?);
                continue;
            }
            if g.is_empty() || g.len() > 4 || !g.bytes().all(|c| c.is_ascii_hexdigit()) {
                return None;
            }
            let v = u16::from_str_radix(g, 16).ok()?;
            bytes.extend(v.to_be_bytes());
        }
        Some(bytes)
    };
    match tail {
        None => {
            let b = parse_groups(head, true)?;
            if b.len() != 16 {
                return None;
            }
            out.copy_from_slice(&b);
        }
        Some(t) => {
            if t.contains("::") {
                return None;
            }
            let h = parse_groups(head, false)?;
            let tb = parse_groups(t, true)?;
            if h.len() + tb.len() > 14 {
                return None;
            }
            out.get_mut(..h.len())?.copy_from_slice(&h);
            out.get_mut(16 - tb.len()..)?.copy_from_slice(&tb);
        }
    }
    Some(out)
}

/// Follows `netutils.ParseIPSloppy`.
pub(crate) fn parse_ip(s: &str) -> Option<Ip> {
    if s.contains(':') {
        parse_v6(s).map(Ip)
    } else {
        let v4 = parse_v4(s)?;
        let mut out = [0u8; 16];
        out[10] = 0xff;
        out[11] = 0xff;
        out[12..].copy_from_slice(&v4);
        Some(Ip(out))
    }
}

impl Ip {
    /// `To4() != nil`: an IPv4 or IPv4-mapped address.
    pub(crate) fn is_v4(&self) -> bool {
        self.0[..10].iter().all(|b| *b == 0) && self.0[10] == 0xff && self.0[11] == 0xff
    }

    fn v4(&self) -> Option<[u8; 4]> {
        self.is_v4().then(|| [self.0[12], self.0[13], self.0[14], self.0[15]])
    }

    pub(crate) fn is_unspecified(&self) -> bool {
        self.v4() == Some([0, 0, 0, 0]) || self.0 == [0u8; 16]
    }

    pub(crate) fn is_loopback(&self) -> bool {
        match self.v4() {
            Some(v4) => v4[0] == 127,
            None => self.0[..15].iter().all(|b| *b == 0) && self.0[15] == 1,
        }
    }

    pub(crate) fn is_link_local_unicast(&self) -> bool {
        match self.v4() {
            Some(v4) => v4[0] == 169 && v4[1] == 254,
            None => self.0[0] == 0xfe && self.0[1] & 0xc0 == 0x80,
        }
    }

    pub(crate) fn is_link_local_multicast(&self) -> bool {
        match self.v4() {
            Some(v4) => v4[0] == 224 && v4[1] == 0 && v4[2] == 0,
            None => self.0[0] == 0xff && self.0[1] & 0x0f == 0x02,
        }
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn addresses_parse_like_parse_ip_sloppy() {
        for ok in [
            "10.0.0.1",
            "010.001.0.1",
            "0001.0.0.1",
            "::1",
            "2001:db8::ffff",
            "::ffff:1.2.3.4",
            "fe80::1",
            "1:2:3:4:5:6:7:8",
        ] {
            assert!(parse_ip(ok).is_some(), "{ok}");
        }
        for bad in ["", "abc", "1.2.3", "1.2.3.256", "1::2::3", "1:2:3:4:5:6:7:8:9", "10.0.0.1/24", "fe80::1%eth0"] {
            assert!(parse_ip(bad).is_none(), "{bad}");
        }
        assert!(parse_ip("::ffff:1.2.3.4").is_some_and(|ip| ip.is_v4()));
        assert!(parse_ip("127.0.0.2").is_some_and(|ip| ip.is_loopback()));
        assert!(parse_ip("169.254.1.1").is_some_and(|ip| ip.is_link_local_unicast()));
        assert!(parse_ip("224.0.0.5").is_some_and(|ip| ip.is_link_local_multicast()));
        assert!(parse_ip("0.0.0.0").is_some_and(|ip| ip.is_unspecified()));
    }
}
