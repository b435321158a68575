import Foundation

/// Reads `xs:dateTime` values such as `2026-12-16T17:18:02.000Z` or `2014-10-11T13:15:05+02:00`.
///
/// The grammar is XML Schema 1.0's: an optional `-`, a year of four or more digits, month,
/// day, `T`, hour, minute, second with optional fraction, and an optional `Z` or `±hh:mm`.
/// A value without a time zone is taken as UTC (SAML requires UTC everywhere). Hour 24 is
/// accepted only as `24:00:00`. Any other shape gives nil.
enum SchemaDateTime {
    static func parse(_ text: String) -> Date? {
        var scanner = ByteScanner(Array(text.utf8))
        let negativeYear = scanner.take(0x2D)  // '-'
        guard let yearDigits = scanner.digits(minimum: 4, maximum: 9),
            yearDigits.value > 0 || negativeYear == false,
            yearDigits.count == 4 || yearDigits.text.first != 0x30,
            scanner.take(0x2D), let month = scanner.digits(exactly: 2), scanner.take(0x2D),
            let day = scanner.digits(exactly: 2), scanner.take(0x54),  // 'T'
            let hour = scanner.digits(exactly: 2), scanner.take(0x3A),
            let minute = scanner.digits(exactly: 2), scanner.take(0x3A),
            let second = scanner.digits(exactly: 2)
        else { return nil }

        var fraction = 0.0
        if scanner.take(0x2E) {  // '.'
            guard let digits = scanner.digits(minimum: 1, maximum: 64) else { return nil }
            fraction = Double("0." + String(decoding: digits.text, as: UTF8.self)) ?? 0
        }

        var offsetSeconds = 0
        if scanner.take(0x5A) {  // 'Z'
            offsetSeconds = 0
        } else if let sign = scanner.peek, sign == 0x2B || sign == 0x2D {
            scanner.advance()
            guard let offsetHours = scanner.digits(exactly: 2), scanner.take(0x3A),
                let offsetMinutes = scanner.digits(exactly: 2),
                offsetMinutes.value < 60, offsetHours.value * 60 + offsetMinutes.value <= 14 * 60
            else { return nil }
            offsetSeconds = (offsetHours.value * 3600 + offsetMinutes.value * 60) * (sign == 0x2D ? -1 : 1)
        }
        guard scanner.isAtEnd else { return nil }

        let year = negativeYear ? -yearDigits.value : yearDigits.value
        guard (1...12).contains(month.value), day.value >= 1,
            day.value <= daysInMonth(month.value, year: year),
            minute.value < 60, second.value < 60
        else { return nil }
        // 24:00:00 is the end of the day; any other time at hour 24 is invalid.
        if hour.value == 24 {
            guard minute.value == 0, second.value == 0, fraction == 0 else { return nil }
        } else if hour.value > 23 {
            return nil
        }

        let days = daysSinceEpoch(year: year, month: month.value, day: day.value)
        let seconds = days * 86_400 + hour.value * 3600 + minute.value * 60 + second.value - offsetSeconds
        return Date(timeIntervalSince1970: TimeInterval(seconds) + fraction)
    }

    private static func daysInMonth(_ month: Int, year: Int) -> Int {
        switch month {
        case 2:
            let leap = (year % 4 == 0 && year % 100 != 0) || year % 400 == 0
            return leap ? 29 : 28
        case 4, 6, 9, 11:
            return 30
        default:
            return 31
        }
    }

    /// Days from 1970-01-01 in the proleptic Gregorian calendar (Howard Hinnant's algorithm).
    private static func daysSinceEpoch(year: Int, month: Int, day: Int) -> Int {
        let shiftedYear = month <= 2 ? year - 1 : year
        let era = (shiftedYear >= 0 ? shiftedYear : shiftedYear - 399) / 400
        let yearOfEra = shiftedYear - era * 400
        let monthIndex = (month + 9) % 12
        let dayOfYear = (153 * monthIndex + 2) / 5 + day - 1
        let dayOfEra = yearOfEra * 365 + yearOfEra / 4 - yearOfEra / 100 + dayOfYear
        return era * 146_097 + dayOfEra - 719_468
    }
}
