#ifndef SAMLPIN_CLIBXML2_SHIM_H
#define SAMLPIN_CLIBXML2_SHIM_H

// Debian's libxml2 is built with ICU; its headers then pull in the system ICU, whose
// definitions clash with the ICU that Foundation ships. The macro only gates private
// fields of xmlCharEncodingHandler, which nothing here touches.
#include <libxml/xmlversion.h>
#undef LIBXML_ICU_ENABLED

#include <libxml/parser.h>
#include <libxml/tree.h>
#include <libxml/valid.h>
#include <libxml/xmlerror.h>
#include <libxml/xmlsave.h>
#include <libxml/c14n.h>
#include <libxml/uri.h>

/// Frees memory that libxml2 handed to the caller (`xmlFree` is a global function
/// pointer, which Swift 6 treats as shared mutable state).
static inline void samlpin_xml_free(void *pointer) {
    xmlFree(pointer);
}

#endif
