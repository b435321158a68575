#!/usr/bin/env python3
"""Issue a signed SAML 2.0 Response with pysaml2's IdP server, for the Swift peer tests.

The response is written to stdout as XML. pysaml2 signs with the xmlsec1 binary, so this is an
independent implementation of the IdP side: the Swift verifier must accept what it produces.
"""
import argparse
import shutil
import sys
import tempfile
import os

from saml2 import BINDING_HTTP_POST, BINDING_HTTP_REDIRECT
from saml2.config import IdPConfig
from saml2.saml import NAMEID_FORMAT_EMAILADDRESS, NameID
from saml2.server import Server

SP_METADATA = """<?xml version="1.0"?>
<md:EntityDescriptor xmlns:md="urn:oasis:names:tc:SAML:2.0:metadata" entityID="{sp}">
  <md:SPSSODescriptor protocolSupportEnumeration="urn:oasis:names:tc:SAML:2.0:protocol"
      WantAssertionsSigned="true">
    <md:NameIDFormat>urn:oasis:names:tc:SAML:1.1:nameid-format:emailAddress</md:NameIDFormat>
    <md:AssertionConsumerService Binding="urn:oasis:names:tc:SAML:2.0:bindings:HTTP-POST"
        Location="{acs}" index="0" isDefault="true"/>
  </md:SPSSODescriptor>
</md:EntityDescriptor>
"""


def main():
    parser = argparse.ArgumentParser(description=__doc__)
    parser.add_argument("--key", required=True, help="IdP private key (PEM)")
    parser.add_argument("--cert", required=True, help="IdP certificate (PEM)")
    parser.add_argument("--idp-entity-id", required=True)
    parser.add_argument("--sp-entity-id", required=True)
    parser.add_argument("--acs", required=True, help="the SP's AssertionConsumerService URL")
    parser.add_argument("--request-id", default=None, help="InResponseTo; omit for IdP-initiated")
    parser.add_argument("--name-id", required=True)
    parser.add_argument("--sign", choices=["assertion", "response", "both"], default="both")
    parser.add_argument("--digest", choices=["sha256", "sha1"], default="sha256")
    args = parser.parse_args()

    workdir = tempfile.mkdtemp(prefix="pysaml2-idp-")
    try:
        metadata_path = os.path.join(workdir, "sp.xml")
        with open(metadata_path, "w") as handle:
            handle.write(SP_METADATA.format(sp=args.sp_entity_id, acs=args.acs))

        config = IdPConfig()
        config.load({
            "entityid": args.idp_entity_id,
            "xmlsec_binary": shutil.which("xmlsec1"),
            "key_file": args.key,
            "cert_file": args.cert,
            "metadata": {"local": [metadata_path]},
            "service": {
                "idp": {
                    "endpoints": {
                        "single_sign_on_service": [
                            (args.idp_entity_id + "/sso/post", BINDING_HTTP_POST),
                            (args.idp_entity_id + "/sso/redirect", BINDING_HTTP_REDIRECT),
                        ],
                    },
                    "policy": {"default": {"lifetime": {"minutes": 5}, "name_form": "urn:oasis:names:tc:SAML:2.0:attrname-format:uri"}},
                    "name_id_format": [NAMEID_FORMAT_EMAILADDRESS],
                },
            },
        })
        server = Server(config=config)

        if args.digest == "sha1":
            sign_alg = "http://www.w3.org/2000/09/xmldsig#rsa-sha1"
            digest_alg = "http://www.w3.org/2000/09/xmldsig#sha1"
        else:
            sign_alg = "http://www.w3.org/2001/04/xmldsig-more#rsa-sha256"
            digest_alg = "http://www.w3.org/2001/04/xmlenc#sha256"

        response = server.create_authn_response(
            identity={
                "mail": ["jane.doe@example.com"],
                "givenName": ["Jane"],
                "eduPersonAffiliation": ["member", "staff"],
            },
            in_response_to=args.request_id,
            destination=args.acs,
            sp_entity_id=args.sp_entity_id,
            name_id=NameID(format=NAMEID_FORMAT_EMAILADDRESS, text=args.name_id),
            authn={"class_ref": "urn:oasis:names:tc:SAML:2.0:ac:classes:PasswordProtectedTransport"},
            sign_response=args.sign in ("response", "both"),
            sign_assertion=args.sign in ("assertion", "both"),
            sign_alg=sign_alg,
            digest_alg=digest_alg,
        )
        sys.stdout.write(str(response))
    finally:
        shutil.rmtree(workdir, ignore_errors=True)


if __name__ == "__main__":
    main()
