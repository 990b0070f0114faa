//! The SRP TIMESTAMP, `EEE MMM d HH:mm:ss UTC yyyy`, built from fixed English names (never the
//! locale) and parsed strictly by the local pool.

use crate::calendar::{civil_from_days, days_from_civil};

const DAYS: [&str; 7] = ["Thu", "Fri", "Sat", "Sun", "Mon", "Tue", "Wed"];
const MONTHS: [&str; 12] = [
    "Jan", "Feb", "Mar", "Apr", "May", "Jun", "Jul", "Aug", "Sep", "Oct", "Nov", "Dec",
];

/// Formats Unix seconds as Cognito's TIMESTAMP, e.g. `Thu Nov 5 09:04:07 UTC 2026`.
pub fn format_timestamp(unix: i64) -> String {
    let days = unix.div_euclid(86_400);
    let secs = unix.rem_euclid(86_400);
    let (y, m, d) = civil_from_days(days);
    let weekday = DAYS[days.rem_euclid(7) as usize];
    let month = MONTHS[(m - 1) as usize];
    format!(
        "{weekday} {month} {d} {:02}:{:02}:{:02} UTC {y}",
        secs / 3600,
        (secs / 60) % 60,
        secs % 60
    )
}

/// Parses a TIMESTAMP in exactly the format [`format_timestamp`] writes; `None` otherwise.
pub fn parse_timestamp(s: &str) -> Option<i64> {
    let parts: Vec<&str> = s.split(' ').collect();
    let [weekday, month, day, time, "UTC", year] = parts.as_slice() else {
        return None;
    };
    let m = MONTHS.iter().position(|x| x == month)? as u32 + 1;
    if day.is_empty() || day.len() > 2 || day.starts_with('0') {
        return None;
    }
    let d: u32 = digits(day)?;
    if year.len() != 4 {
        return None;
    }
    let y: i64 = digits(year)?;
    let hms: Vec<&str> = time.split(':').collect();
    let [hh, mm, ss] = hms.as_slice() else {
        return None;
    };
    if [hh, mm, ss].iter().any(|p| p.len() != 2) {
        return None;
    }
    let (hh, mm, ss): (i64, i64, i64) = (digits(hh)?, digits(mm)?, digits(ss)?);
    if hh > 23 || mm > 59 || ss > 59 || d == 0 || d > 31 {
        return None;
    }
    let days = days_from_civil(y, m, d);
    if civil_from_days(days) != (y, m, d) || DAYS[days.rem_euclid(7) as usize] != *weekday {
        return None;
    }
    Some(days * 86_400 + hh * 3600 + mm * 60 + ss)
}

fn digits<T: std::str::FromStr>(s: &str) -> Option<T> {
    if s.bytes().all(|c| c.is_ascii_digit()) {
        s.parse().ok()
    } else {
        None
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn formats_without_day_padding() {
        // 2026-11-05T09:04:07Z
        let t = days_from_civil(2026, 11, 5) * 86_400 + 9 * 3600 + 4 * 60 + 7;
        assert_eq!(format_timestamp(t), "Thu Nov 5 09:04:07 UTC 2026");
        assert_eq!(format_timestamp(0), "Thu Jan 1 00:00:00 UTC 1970");
        assert_eq!(
            format_timestamp(days_from_civil(2024, 2, 29) * 86_400 + 86_399),
            "Thu Feb 29 23:59:59 UTC 2024"
        );
    }

    #[test]
    fn parse_round_trips_and_is_strict() {
        for t in [0, 1_700_000_000, 1_795_000_123, 4_102_444_800] {
            assert_eq!(parse_timestamp(&format_timestamp(t)), Some(t));
        }
        for bad in [
            "Thu Nov 05 09:04:07 UTC 2026",
            "Fri Nov 5 09:04:07 UTC 2026",
            "Thu Nov 5 9:04:07 UTC 2026",
            "Thu Nov 5 09:04:07 GMT 2026",
            "Thu Nov  5 09:04:07 UTC 2026",
            "2026-11-05T09:04:07Z",
            "Thu Nov 31 09:04:07 UTC 2026",
            "Thu Nov 5 24:04:07 UTC 2026",
            "",
        ] {
            assert_eq!(parse_timestamp(bad), None, "{bad}");
        }
    }
}
