//! Whether a URL from a dump may be handed to a browser. The text is
//! untrusted: only `http` and `https` pass (never `javascript:`, `file:`
//! or a scheme a desktop would hand to some other program), with a host,
//! without a control, a space or an invisible formatting character
//! (which could make what is opened differ from what was shown), and never
//! starting with `-` (an opener would read it as an option).

/// Longest URL handed on: longer is no link anyone meant.
const MAX_URL: usize = 8192;

/// `url`, trimmed, when it is safe to open; else why not (one line).
pub fn checked_url(url: &str) -> Result<&str, String> {
    let url = url.trim();
    if url.is_empty() {
        return Err("no URL".into());
    }
    if url.starts_with('-') {
        return Err("a URL starting with '-' is not opened".into());
    }
    if url.len() > MAX_URL {
        return Err(format!("a URL over {MAX_URL} bytes is not opened"));
    }
    if let Some(c) = url.chars().find(|&c| {
        c.is_control() || c.is_whitespace() || super::is_format_control(c) || is_invisible(c)
    }) {
        return Err(format!(
            "the URL holds U+{:04X}, a control or invisible character: not opened",
            c as u32
        ));
    }
    let lower = url.get(..8).unwrap_or(url).to_ascii_lowercase();
    let rest = if lower.starts_with("https://") {
        &url[8..]
    } else if lower.starts_with("http://") {
        &url[7..]
    } else {
        let scheme: String = url.chars().take_while(|&c| c != ':').take(20).collect();
        return Err(format!(
            "only http and https links are opened, not {}:",
            super::sanitize(&scheme)
        ));
    };
    let host = rest.split(['/', '?', '#']).next().unwrap_or("");
    if host.is_empty() || host.starts_with('@') || host.starts_with(':') {
        return Err("the URL has no host".into());
    }
    Ok(url)
}

/// Characters that draw nothing: a URL holding one is not what it looks.
fn is_invisible(c: char) -> bool {
    matches!(
        c,
        '\u{00ad}'
            | '\u{034f}'
            | '\u{115f}'
            | '\u{1160}'
            | '\u{180e}'
            | '\u{200b}'..='\u{200f}'
            | '\u{2028}'..='\u{202e}'
            | '\u{2060}'..='\u{206f}'
            | '\u{3164}'
            | '\u{fe00}'..='\u{fe0f}'
            | '\u{feff}'
            | '\u{ffa0}'
            | '\u{e0000}'..='\u{e0fff}'
    )
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn web_links_pass() {
        for ok in [
            "https://example.com",
            "http://example.com/a?b=c#d",
            "  HTTPS://例子.中国/新闻/1.html ",
            "https://user@example.com:8080/x",
        ] {
            assert_eq!(checked_url(ok), Ok(ok.trim()), "{ok}");
        }
    }

    #[test]
    fn crafted_links_do_not() {
        for bad in [
            "javascript:alert(1)",
            "JAVASCRIPT:alert(1)",
            "file:///etc/passwd",
            "-https://example.com",
            "--help",
            "https://example.com/\u{1b}]52;c;eA==\u{7}",
            "https://example.com/a\nb",
            "https://example.com/a b",
            "https://exa\u{202e}mple.com",
            "https://example.com/\u{200b}",
            "https://exa\u{3164}mple.com",
            "https://example.com/\u{e0041}",
            "https://",
            "https:///path",
            "http://@",
            "ftp://example.com",
            "data:text/html,<script>",
            "",
        ] {
            assert!(checked_url(bad).is_err(), "{bad:?} passed");
        }
        let long = format!("https://e.com/{}", "a".repeat(9000));
        assert!(checked_url(&long).is_err());
    }
}
