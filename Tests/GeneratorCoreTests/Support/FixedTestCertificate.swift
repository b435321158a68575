import Foundation

/// A fixed self-signed certificate (RSA 2048, valid for a century) whose private key was thrown away.
///
/// Golden files must not change between runs, so the hostile-metadata golden cannot use a
/// certificate made at test time.
enum FixedTestCertificate {
    static let base64 = """
        MIIDITCCAgmgAwIBAgIUBovnYrtxgSVxYBc63lXtqEDtvNMwDQYJKoZIhvcNAQELBQAwHzEdMBsGA1UEAwwUaG9zdGlsZS5l
        eGFtcGxlLnRlc3QwIBcNMjYxMjAzMTkyMzE5WhgPMjEyNjExMDkxOTIzMTlaMB8xHTAbBgNVBAMMFGhvc3RpbGUuZXhhbXBs
        ZS50ZXN0MIIBIjANBgkqhkiG9w0BAQEFAAOCAQ8AMIIBCgKCAQEAuZlUJdCVY61K5jI+uWHHZH+SoWoZYtTR3dawQ2oec5yC
        Hp5Gq+nLJEzM1gqX7PuwvfjnxJFNUQX3/zqZpUpy1mF80DgRY1lK8Z3rLNDJi5S005pSgwh22NMEgkC4HPhuI7EvxwCBCqjY
        mfh8WeA4hyxYz6gzBzLCa/L9pywRrCwMxx3lJbl5C9dtPyq6X7+FTWfjIK71pMlCMCpBxCZBkKUrlmZWbWGRU97ZJ7/YdeIi
        fdktmRrLrmsS4zs4hyvwEfl3Q+AMWi1/ZRiR/40FfH60DQ5nZmf02K0fERNoo4psbA7fWqw/Rn3HZxwTP/lKOL0MMXgxT0Mc
        IJLHypqv3QIDAQABo1MwUTAdBgNVHQ4EFgQU6crMF9w/nGVWPQIH38bq6MoBsmYwHwYDVR0jBBgwFoAU6crMF9w/nGVWPQIH
        38bq6MoBsmYwDwYDVR0TAQH/BAUwAwEB/zANBgkqhkiG9w0BAQsFAAOCAQEARt0F7qAS8p1mDZ3xTrUAUZd9ykPKUOLFv0NR
        Y818mp9qeMeOmfMqAt3dUUZAYJVO9ik4SuEc7c7dI63YLZQN20PbniSG6GvYkJioAlKUnfc5e9QXdwXaZ7j8TLSdZi8KywFq
        KMAiCQ31DRCq8lL8oxYc2ZBlAn0Po+oUwp8hqq+A2/weThvXg6D5C+bKA7CIHCW5Vxc9/dkzJET/8IUT+i9uzmT+2zfU8Tls
        l4INEG10B2qotMUQIXAJOiNwxLlXT1q6BGJf0sGn1uj2tsUE8T2R5XZkuse69GRM5Tz0zo5dZRY1N3XldIb4mjdthUoQHg65
        VIVda/pnFGsvggzLvg==
        """.filter { !$0.isWhitespace }
}
