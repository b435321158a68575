// swift-tools-version:6.0
import PackageDescription

// A service provider that pins one Okta application's metadata at build time.
//
// The dependency is named so that `package: "swift-saml-pin"` works wherever the repository is checked out
// (a path dependency's identity is otherwise its folder's name).
let package = Package(
    name: "OktaSP",
    platforms: [.macOS(.v14)],
    dependencies: [
        .package(name: "swift-saml-pin", path: "../..")
    ],
    targets: [
        .executableTarget(
            name: "OktaSP",
            dependencies: [.product(name: "SAMLPin", package: "swift-saml-pin")],
            plugins: [.plugin(name: "SAMLPinPlugin", package: "swift-saml-pin")]
        )
    ]
)
