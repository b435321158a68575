#ifndef SAMLPIN_CXMLSEC_SHIM_H
#define SAMLPIN_CXMLSEC_SHIM_H

// SwiftPM drops every -D flag that pkg-config reports for xmlsec1-openssl. Without
// XMLSEC_NO_SIZE_T, xmlSecSize would be 8 bytes here but 4 bytes in Debian's library,
// and every struct that embeds an xmlSecPtrList would be laid out wrongly without any
// compile error. Define the flags before the first xmlsec include.
#ifndef XMLSEC_NO_SIZE_T
#define XMLSEC_NO_SIZE_T 1
#endif
#ifndef XMLSEC_CRYPTO_OPENSSL
#define XMLSEC_CRYPTO_OPENSSL 1
#endif
#ifndef XMLSEC_NO_CRYPTO_DYNAMIC_LOADING
#define XMLSEC_NO_CRYPTO_DYNAMIC_LOADING 1
#endif
#ifndef XMLSEC_NO_GOST
#define XMLSEC_NO_GOST 1
#endif
#ifndef XMLSEC_NO_GOST2012
#define XMLSEC_NO_GOST2012 1
#endif
#ifndef __XMLSEC_FUNCTION__
#define __XMLSEC_FUNCTION__ __func__
#endif

#include <libxml/xmlversion.h>
#undef LIBXML_ICU_ENABLED

#include <xmlsec/xmlsec.h>
#include <xmlsec/xmltree.h>
#include <xmlsec/xmldsig.h>
#include <xmlsec/templates.h>
#include <xmlsec/errors.h>
#include <xmlsec/keys.h>
#include <xmlsec/transforms.h>
#include <xmlsec/base64.h>
#include <xmlsec/openssl/app.h>
#include <xmlsec/openssl/crypto.h>

/// The ABI check that the `xmlSecCheckVersion()` macro performs.
static inline int samlpin_xmlsec_check_version(void) {
    return xmlSecCheckVersionExt(XMLSEC_VERSION_MAJOR, XMLSEC_VERSION_MINOR,
                                 XMLSEC_VERSION_SUBMINOR, xmlSecCheckVersionABICompatible);
}

/// `sizeof(xmlSecSize)` as compiled here; must be 4 to match Debian's libxmlsec1.
static inline unsigned long samlpin_xmlsec_size_width(void) {
    return (unsigned long)sizeof(xmlSecSize);
}

static inline unsigned long samlpin_xmlsec_dsig_ctx_size(void) {
    return (unsigned long)sizeof(xmlSecDSigCtx);
}

#endif
