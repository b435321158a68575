// swift-tools-version:6.0
import PackageDescription

let package = Package(
    name: "swift-saml-pin",
    platforms: [.macOS(.v14)],
    products: [
        .library(name: "SAMLPin", targets: ["SAMLPin"]),
        .executable(name: "saml-pin", targets: ["saml-pin"]),
        .plugin(name: "SAMLPinPlugin", targets: ["SAMLPinPlugin"]),
    ],
    targets: [
        // MARK: C libraries from Debian
        .systemLibrary(
            name: "CLibXML2",
            pkgConfig: "libxml-2.0",
            providers: [.apt(["libxml2-dev"])]
        ),
        .systemLibrary(
            name: "CXMLSec",
            pkgConfig: "xmlsec1-openssl",
            providers: [.apt(["libxmlsec1-dev", "libxmlsec1-openssl"])]
        ),
        .systemLibrary(
            name: "COpenSSL",
            pkgConfig: "openssl",
            providers: [.apt(["libssl-dev"])]
        ),

        // MARK: Shared plumbing over the C libraries (hardened parsing, X.509, init)
        .target(
            name: "SAMLPinSupport",
            dependencies: ["CLibXML2", "CXMLSec", "COpenSSL"]
        ),

        // MARK: Runtime
        .target(
            name: "SAMLPin",
            dependencies: ["SAMLPinSupport", "CLibXML2", "CXMLSec", "COpenSSL"]
        ),

        // MARK: Build time
        .target(
            name: "SAMLMetadata",
            dependencies: ["SAMLPinSupport", "CLibXML2", "COpenSSL"]
        ),
        .target(
            name: "_SAMLPinGeneratorCore",
            dependencies: ["SAMLMetadata"]
        ),
        .executableTarget(
            name: "saml-pin",
            dependencies: ["_SAMLPinGeneratorCore", "SAMLMetadata", "SAMLPin"]
        ),
        .plugin(
            name: "SAMLPinPlugin",
            capability: .buildTool(),
            dependencies: ["saml-pin"]
        ),

        // MARK: Benchmarks (swift run -c release <name>)
        .executableTarget(
            name: "MetadataBenchmark",
            dependencies: ["_SAMLPinGeneratorCore", "SAMLMetadata", "SAMLPin", "COpenSSL"],
            path: "Benchmarks/MetadataBenchmark"
        ),
        .executableTarget(
            name: "VerifierBenchmark",
            dependencies: ["SAMLPin", "SAMLPinSupport", "SAMLPinTestSupport", "COpenSSL"],
            path: "Benchmarks/VerifierBenchmark"
        ),

        // MARK: Tests
        .target(
            name: "SAMLPinTestSupport",
            dependencies: ["SAMLPin", "SAMLPinSupport"],
            path: "Tests/SAMLPinTestSupport"
        ),
        .testTarget(
            name: "SAMLMetadataTests",
            dependencies: ["SAMLMetadata", "SAMLPinTestSupport"]
        ),
        .testTarget(
            name: "GeneratorCoreTests",
            dependencies: ["_SAMLPinGeneratorCore", "SAMLMetadata", "SAMLPinTestSupport"]
        ),
        .testTarget(
            name: "GoldenConsumerTests",
            dependencies: ["SAMLPin"]
        ),
        .testTarget(
            name: "SAMLPinTests",
            dependencies: ["SAMLPin", "SAMLPinTestSupport"]
        ),
        .testTarget(
            name: "CLITests",
            dependencies: ["SAMLPinTestSupport"]
        ),
    ]
)
