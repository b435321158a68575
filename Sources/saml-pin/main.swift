print("saml-pin")
