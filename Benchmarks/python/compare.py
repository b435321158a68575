#!/usr/bin/env python3
"""Verify the Swift benchmark's response with python3-saml and pysaml2, and time each.

    compare.py <fixture-folder> [--seconds 3]

The folder is the one `VerifierBenchmark --write-fixture` writes: response.xml, response.b64 (the
form value as posted), idp-cert.pem and instant.txt (the second the response was signed for).
Each library's clock is frozen at that instant, and each library must first ACCEPT the response
and REJECT a copy whose NameID was changed after signing; otherwise the script prints the
library's own verdict and exits with status 1, since a rate for a verifier that rejects the
response (or accepts anything) says nothing.

Progress goes to stderr. Each measured rate goes to stdout as one tab-separated line:
`rate<TAB>implementation<TAB>verifications per second<TAB>what one verification covers`.
"""
import argparse
import base64
import calendar
import datetime as datetime_module
import logging
import os
import shutil
import sys
import time as time_module
import types

# The response's parties, as Tests/SAMLPinTestSupport/TestIdentityProviders.swift names them.
SP_ENTITY_ID = "https://sp.test.example/saml/metadata"
ACS_URL = "https://sp.test.example/saml/sso/test-okta"
ACS_HOST = "sp.test.example"
ACS_PATH = "/saml/sso/test-okta"
IDP_ENTITY_ID = "http://www.okta.com/exkTESTPIN0000000001"
IDP_SSO_URL = "https://idp.test.example/app/test/sso/saml"
REQUEST_ID = "_req-2b8a1c4f0d9e4e7a"
NAME_ID = "jane.doe@example.com"
NAMEID_FORMAT_EMAIL = "urn:oasis:names:tc:SAML:1.1:nameid-format:emailAddress"
BINDING_POST = "urn:oasis:names:tc:SAML:2.0:bindings:HTTP-POST"
BINDING_REDIRECT = "urn:oasis:names:tc:SAML:2.0:bindings:HTTP-Redirect"

IDP_METADATA = """<?xml version="1.0"?>
<md:EntityDescriptor xmlns:md="urn:oasis:names:tc:SAML:2.0:metadata"
    xmlns:ds="http://www.w3.org/2000/09/xmldsig#" entityID="{entity_id}">
  <md:IDPSSODescriptor WantAuthnRequestsSigned="false"
      protocolSupportEnumeration="urn:oasis:names:tc:SAML:2.0:protocol">
    <md:KeyDescriptor use="signing">
      <ds:KeyInfo><ds:X509Data><ds:X509Certificate>{certificate}</ds:X509Certificate></ds:X509Data></ds:KeyInfo>
    </md:KeyDescriptor>
    <md:NameIDFormat>{name_id_format}</md:NameIDFormat>
    <md:SingleSignOnService Binding="{binding}" Location="{location}"/>
  </md:IDPSSODescriptor>
</md:EntityDescriptor>
"""


class Rejected(Exception):
    """A library did not give the verdict the comparison needs."""


class Fixture:
    """The files VerifierBenchmark --write-fixture wrote."""

    def __init__(self, folder):
        def read(name):
            with open(os.path.join(folder, name), encoding="utf-8") as handle:
                return handle.read()

        self.xml = read("response.xml")
        self.form_value = read("response.b64").strip()
        self.certificate_pem = read("idp-cert.pem")
        self.certificate_body = "".join(
            line.strip() for line in self.certificate_pem.splitlines() if line and not line.startswith("-----")
        )
        self.instant = int(float(read("instant.txt").strip()))
        if NAME_ID not in self.xml:
            raise Rejected(f"the fixture's response has no NameID {NAME_ID}")
        # The same response with its NameID changed after signing: every verifier must refuse it.
        tampered = self.xml.replace(NAME_ID, "mallory@example.com")
        self.tampered_form_value = base64.b64encode(tampered.encode("utf-8")).decode("ascii")


def measure(seconds, verify_once):
    """Calls verify_once (which must return True) for about `seconds`; returns calls per second."""
    count = 0
    start = time_module.perf_counter()
    deadline = start + seconds
    while time_module.perf_counter() < deadline:
        if not verify_once():
            raise Rejected("a verification inside the timed loop was rejected")
        count += 1
    return count / (time_module.perf_counter() - start)


# ---------------------------------------------------------------------------------------------
# python3-saml (OneLogin): python-xmlsec for the signature, lxml for the XML.


def python3_saml(fixture, seconds):
    from onelogin.saml2.response import OneLogin_Saml2_Response
    from onelogin.saml2.settings import OneLogin_Saml2_Settings
    from onelogin.saml2.utils import OneLogin_Saml2_Utils

    # Freeze the library's only clock at the instant the response was signed for.
    OneLogin_Saml2_Utils.now = staticmethod(lambda: fixture.instant)

    settings = OneLogin_Saml2_Settings(
        {
            "strict": True,
            "debug": False,
            "sp": {
                "entityId": SP_ENTITY_ID,
                "assertionConsumerService": {"url": ACS_URL, "binding": BINDING_POST},
                "NameIDFormat": NAMEID_FORMAT_EMAIL,
                "x509cert": "",
                "privateKey": "",
            },
            "idp": {
                "entityId": IDP_ENTITY_ID,
                "singleSignOnService": {"url": IDP_SSO_URL, "binding": BINDING_REDIRECT},
                "x509cert": fixture.certificate_body,
            },
            "security": {
                "wantAssertionsSigned": True,
                "wantMessagesSigned": False,
                "wantNameId": True,
                "rejectDeprecatedAlgorithm": True,
            },
        },
        sp_validation_only=True,
    )

    def request_data(form_value):
        # What the SP's web framework would pass for a POST to the ACS URL over HTTPS.
        return {
            "https": "on",
            "http_host": ACS_HOST,
            "script_name": ACS_PATH,
            "server_port": "443",
            "get_data": {},
            "post_data": {"SAMLResponse": form_value},
        }

    def verdict(form_value):
        response = OneLogin_Saml2_Response(settings, form_value)
        valid = response.is_valid(request_data(form_value), request_id=REQUEST_ID)
        return valid, response

    valid, response = verdict(fixture.form_value)
    if not valid:
        raise Rejected(f"python3-saml rejected the response: {response.get_error()}")
    if response.get_nameid() != NAME_ID:
        raise Rejected(f"python3-saml accepted the response but read NameID {response.get_nameid()!r}")
    try:
        tampered_valid, _ = verdict(fixture.tampered_form_value)
    except Exception:  # noqa: BLE001 - any exception is a rejection here
        tampered_valid = False
    if tampered_valid:
        raise Rejected("python3-saml accepted a response whose NameID was changed after signing")

    form_value = fixture.form_value
    data = request_data(form_value)
    return measure(
        seconds,
        lambda: OneLogin_Saml2_Response(settings, form_value).is_valid(data, request_id=REQUEST_ID),
    )


# ---------------------------------------------------------------------------------------------
# pysaml2: runs the xmlsec1 command-line tool for each signature check.


def freeze_pysaml2_clock(instant):
    """Points saml2.time_util's `time` and `datetime` at a clock that stands still at `instant`.

    Every validity check in pysaml2 (NotBefore, NotOnOrAfter, IssueInstant, metadata validUntil)
    reads the time through saml2.time_util, so this freezes them all without extra packages.
    """
    from saml2 import time_util

    real_time = time_util.time
    frozen_time = types.SimpleNamespace(**{name: getattr(real_time, name) for name in dir(real_time)
                                           if not name.startswith("__")})
    frozen_time.time = lambda: float(instant)
    frozen_time.gmtime = lambda seconds=None: real_time.gmtime(instant if seconds is None else seconds)
    time_util.time = frozen_time

    class FrozenDatetime(datetime_module.datetime):
        @classmethod
        def now(cls, tz=None):
            return datetime_module.datetime.fromtimestamp(instant, tz or datetime_module.timezone.utc)

        @classmethod
        def utcnow(cls):
            return datetime_module.datetime.utcfromtimestamp(instant)

    time_util.datetime = FrozenDatetime
    assert time_util.utc_now() == calendar.timegm(real_time.gmtime(instant))


def pysaml2(fixture, seconds):
    from saml2 import BINDING_HTTP_POST
    from saml2.client import Saml2Client
    from saml2.config import SPConfig

    freeze_pysaml2_clock(fixture.instant)
    xmlsec_binary = shutil.which("xmlsec1")
    if xmlsec_binary is None:
        raise Rejected("pysaml2 needs the xmlsec1 command-line tool (Debian package xmlsec1)")

    metadata = IDP_METADATA.format(
        entity_id=IDP_ENTITY_ID,
        certificate=fixture.certificate_body,
        name_id_format=NAMEID_FORMAT_EMAIL,
        binding=BINDING_REDIRECT,
        location=IDP_SSO_URL,
    )
    config = SPConfig()
    config.load(
        {
            "entityid": SP_ENTITY_ID,
            "xmlsec_binary": xmlsec_binary,
            "metadata": {"inline": [metadata]},
            "allow_unknown_attributes": True,
            "service": {
                "sp": {
                    "endpoints": {"assertion_consumer_service": [(ACS_URL, BINDING_HTTP_POST)]},
                    "allow_unsolicited": False,
                    "want_response_signed": False,
                    "want_assertions_signed": True,
                    "name_id_format": [NAMEID_FORMAT_EMAIL],
                },
            },
        }
    )
    client = Saml2Client(config=config)
    outstanding = {REQUEST_ID: "/"}

    def parse(form_value):
        return client.parse_authn_request_response(form_value, BINDING_HTTP_POST, outstanding=outstanding)

    try:
        response = parse(fixture.form_value)
    except Exception as error:  # noqa: BLE001 - the library's own error is the message
        raise Rejected(f"pysaml2 rejected the response: {type(error).__name__}: {error}") from error
    # pysaml2 can return a response object whose assertion it dropped; only a NameID read from a
    # verified assertion counts as acceptance.
    def accepted(parsed):
        return parsed is not None and parsed.name_id is not None and parsed.name_id.text == NAME_ID

    if not accepted(response):
        name_id = getattr(response, "name_id", None)
        raise Rejected(f"pysaml2 returned no verified assertion without raising (NameID read: {name_id!r})")
    # pysaml2 logs the expected signature failure at ERROR level; it is no news here.
    logging.disable(logging.CRITICAL)
    try:
        tampered = parse(fixture.tampered_form_value)
    except Exception:  # noqa: BLE001 - any exception is a rejection here
        tampered = None
    finally:
        logging.disable(logging.NOTSET)
    if accepted(tampered):
        raise Rejected("pysaml2 accepted a response whose NameID was changed after signing")

    form_value = fixture.form_value
    return measure(seconds, lambda: accepted(parse(form_value)))


# ---------------------------------------------------------------------------------------------
# python-xmlsec alone: parse and check the assertion's signature, no SAML rule at all.


def bare_xmlsec(fixture, seconds):
    import xmlsec
    from lxml import etree

    key = xmlsec.Key.from_memory(fixture.certificate_pem.encode("utf-8"), xmlsec.constants.KeyDataFormatCertPem)
    document = fixture.xml.encode("utf-8")
    tampered = base64.b64decode(fixture.tampered_form_value)
    assertion_tag = "{urn:oasis:names:tc:SAML:2.0:assertion}Assertion"
    signature_tag = "{http://www.w3.org/2000/09/xmldsig#}Signature"
    parser = etree.XMLParser(resolve_entities=False, no_network=True)

    def verify(xml_bytes):
        root = etree.fromstring(xml_bytes, parser)
        assertion = root.find(assertion_tag)
        signature = assertion.find(signature_tag) if assertion is not None else None
        if signature is None:
            raise Rejected("the response has no signed Assertion")
        xmlsec.tree.add_ids(assertion, ["ID"])
        context = xmlsec.SignatureContext()
        context.key = key
        context.verify(signature)
        return True

    verify(document)
    try:
        verify(tampered)
    except xmlsec.Error:
        pass
    else:
        raise Rejected("python-xmlsec accepted a signature over a changed NameID")
    return measure(seconds, lambda: verify(document))


def main():
    parser = argparse.ArgumentParser(description=__doc__, formatter_class=argparse.RawDescriptionHelpFormatter)
    parser.add_argument("fixture", help="folder written by VerifierBenchmark --write-fixture")
    parser.add_argument("--seconds", type=float, default=3.0, help="timed seconds per implementation")
    args = parser.parse_args()

    fixture = Fixture(args.fixture)
    runs = [
        ("python3-saml", python3_saml, "base64 decode, parse, signature, SAML checks"),
        ("pysaml2", pysaml2, "base64 decode, parse, xmlsec1 process, SAML checks"),
        ("python-xmlsec bare", bare_xmlsec, "parse + signature check only, no SAML checks"),
    ]
    for name, run, covers in runs:
        print(f"compare.py: {name}: checking its verdicts, then timing for {args.seconds:g} s", file=sys.stderr)
        try:
            rate = run(fixture, args.seconds)
        except Rejected as error:
            print(f"compare.py: {error}", file=sys.stderr)
            return 1
        print(f"rate\t{name}\t{rate:.1f}\t{covers}", flush=True)
    return 0


if __name__ == "__main__":
    sys.exit(main())
