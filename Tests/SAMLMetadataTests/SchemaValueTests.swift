import Foundation
import SAMLMetadata
import Testing

@Suite("xs:dateTime and xs:duration values")
struct SchemaValueTests {
    private func validUntil(_ value: String) throws -> (Date?, [MetadataWarning]) {
        let document = try MetadataTestHelpers.parse("""
            <md:EntityDescriptor xmlns:md="urn:oasis:names:tc:SAML:2.0:metadata" entityID="x" validUntil="\(value)"/>
            """)
        return (document.validUntil?.value, document.warnings)
    }

    private func cacheDuration(_ value: String) throws -> (Double?, [MetadataWarning]) {
        let document = try MetadataTestHelpers.parse("""
            <md:EntityDescriptor xmlns:md="urn:oasis:names:tc:SAML:2.0:metadata" entityID="x" cacheDuration="\(value)"/>
            """)
        return (document.cacheDuration?.value.seconds, document.warnings)
    }

    @Test("dateTime forms agree with Foundation's ISO 8601 reader", arguments: [
        "2026-12-16T17:18:02.000Z", "2100-01-01T00:00:42Z", "2099-03-04T20:18:29.383Z",
        "2014-10-11T13:15:05+02:00", "2014-10-11T13:15:05-05:30", "2024-02-29T23:59:59.5Z",
        "1969-12-31T23:59:59Z",
    ])
    func dateTimes(_ text: String) throws {
        let (date, warnings) = try validUntil(text)
        let expected = try #require(MetadataTestHelpers.foundationDate(text))
        #expect(abs(try #require(date).timeIntervalSince(expected)) < 0.001)
        #expect(warnings.isEmpty)
    }

    @Test("a dateTime without a zone is read as UTC; year 1 and 24:00:00 are valid")
    func dateTimeEdges() throws {
        #expect(try validUntil("2022-03-16T14:03:06").0 == MetadataTestHelpers.foundationDate("2022-03-16T14:03:06Z"))
        #expect(try validUntil("2022-03-16T24:00:00Z").0 == MetadataTestHelpers.foundationDate("2022-03-17T00:00:00Z"))
        // 0001-01-01 is 719,162 days before 1970-01-01.
        #expect(try validUntil("0001-01-01T00:00:00Z").0 == Date(timeIntervalSince1970: -719_162 * 86_400))
    }

    @Test("an unparseable validUntil is an error-level item, never silently dropped", arguments: [
        "tomorrow", "2022-02-30T00:00:00Z", "2022-13-01T00:00:00Z", "2022-03-16 14:03:06Z", "2022-03-16T14:03:06ZZ",
        "2022-03-16T24:00:01Z", "2022-03-16T14:60:00Z", "22-03-16T14:03:06Z", "2022-03-16T14:03:06+15:00", "",
        "2022-03-16T14:03:06.Z",
    ])
    func badDateTimes(_ text: String) throws {
        let (date, warnings) = try validUntil(text)
        #expect(date == nil)
        #expect(warnings.count == 1)
        #expect(warnings.first?.severity == .error)
        #expect(warnings.first?.message.contains("'validUntil' value '\(text)'") == true)
        #expect(warnings.first?.line == 1)
    }

    private static let durationCases: [(String, Double)] = [
        ("PT15M", 900), ("P0Y0M0DT0H15M0.000S", 900), ("P1D", 86_400), ("PT30M", 1_800), ("PT0.5S", 0.5),
        // 365 + 2 × 30 + 3 days, then 4 h 5 min 6 s.
        ("P1Y2M3DT4H5M6S", 36_993_906), ("PT36H", 129_600),
    ]

    @Test("duration forms", arguments: durationCases)
    func durations(_ text: String, _ seconds: Double) throws {
        let (value, warnings) = try cacheDuration(text)
        #expect(value == seconds)
        #expect(warnings.isEmpty)
    }

    @Test("negative or malformed durations become warnings", arguments: [
        "-PT15M", "P", "PT", "P1DT", "15M", "PT15", "P1.5D", "PT1M2H", "P1D1D", "PT15M ", "pt15m",
    ])
    func badDurations(_ text: String) throws {
        let (value, warnings) = try cacheDuration(text)
        #expect(value == nil)
        #expect(warnings.count == 1)
        #expect(warnings.first?.severity == .warning)
    }
}
