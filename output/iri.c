/*
 * iri.c: minting node IRIs from names.  The same name and kind always give
 * the same IRI (so graphs of two articles merge by plain union), and every
 * IRI is valid whatever the name holds: bytes that may not stand in an IRI
 * are percent-encoded.
 */
#include "buf.h"
#include "rdf.h"
#include "util.h"
#include "vocab.h"

#include <stdint.h>

size_t ng_utf8_decode(const unsigned char *s, uint32_t *c) {
  size_t n;
  uint32_t min;
  if (s[0] < 0x80) {
    *c = s[0];
    return 1;
  } else if ((s[0] & 0xE0) == 0xC0) {
    n = 2, min = 0x80, *c = s[0] & 0x1F;
  } else if ((s[0] & 0xF0) == 0xE0) {
    n = 3, min = 0x800, *c = s[0] & 0x0F;
  } else if ((s[0] & 0xF8) == 0xF0) {
    n = 4, min = 0x10000, *c = s[0] & 0x07;
  } else {
    return 0;
  }
  for (size_t i = 1; i < n; i++) {
    if ((s[i] & 0xC0) != 0x80) {
      return 0;
    }
    *c = (*c << 6) | (s[i] & 0x3F);
  }
  if (*c < min || *c > 0x10FFFF || (*c >= 0xD800 && *c <= 0xDFFF)) {
    return 0;
  }
  return n;
}

/* RFC 3987 ucschar: the non-ASCII characters allowed in an IRI path. */
static int is_ucschar(uint32_t c) {
  if (c < 0xA0 || (c >= 0xD800 && c <= 0xF8FF) ||
      (c >= 0xFDD0 && c <= 0xFDEF)) {
    return 0;
  }
  if (c <= 0xFFEF) {
    return 1;
  }
  return c >= 0x10000 && c < 0xF0000 && (c & 0xFFFF) <= 0xFFFD;
}

/* Appends s, percent-encoding what may not stand there.  In a key only
 * unreserved ASCII and ucschar pass; in a base every printable ASCII byte
 * but those IRIs forbid anywhere (space <>"{}|\^`) passes too. */
static NgStatus append_safe(NgBuf *b, const char *s, int is_base) {
  static const char hex[] = "0123456789ABCDEF";
  const unsigned char *p = (const unsigned char *)s;
  NgStatus st;
  while (*p) {
    uint32_t c = 0;
    size_t n = ng_utf8_decode(p, &c);
    int keep;
    if (n == 1) {
      keep =
          (c >= 'a' && c <= 'z') || (c >= 'A' && c <= 'Z') ||
          (c >= '0' && c <= '9') || c == '-' || c == '.' || c == '_' ||
          c == '~' ||
          (is_base && c > 0x20 && c < 0x7F && !strchr("<>\"{}|\\^`", (int)c));
    } else {
      keep = n > 1 && is_ucschar(c);
    }
    if (keep) {
      TRY(st, ng_buf_append(b, (const char *)p, n));
      p += n;
      continue;
    }
    /* encode the bytes of a refused character, or one bad byte */
    for (size_t i = 0; i < (n ? n : 1); i++) {
      char esc[3] = {'%', hex[p[i] >> 4], hex[p[i] & 0xF]};
      TRY(st, ng_buf_append(b, esc, 3));
    }
    p += n ? n : 1;
  }
  return NG_SUCCESS;
}

char *ng_iri_key(const char *name) {
  char *key = ng_name_key(name ? name : "");
  if (!key || *key) {
    return key;
  }
  free(key);
  NgBuf b = NG_BUF_INIT;
  NgStatus st = ng_buf_putc(&b, '_');
  for (const unsigned char *p = (const unsigned char *)(name ? name : "");
       *p && st == NG_SUCCESS; p++) {
    st = ng_buf_printf(&b, "%02x", *p);
  }
  if (st != NG_SUCCESS) {
    ng_buf_release(&b);
    return NULL;
  }
  return ng_buf_detach(&b);
}

char *ng_iri_from_key(const char *base, const char *kind, const char *key) {
  NgBuf b = NG_BUF_INIT;
  if (append_safe(&b, base ? base : NG_DEFAULT_BASE_IRI, 1) != NG_SUCCESS ||
      append_safe(&b, kind, 0) != NG_SUCCESS ||
      ng_buf_putc(&b, '/') != NG_SUCCESS ||
      append_safe(&b, key, 0) != NG_SUCCESS) {
    ng_buf_release(&b);
    return NULL;
  }
  return ng_buf_detach(&b);
}

char *ng_iri_escape(const char *iri) {
  NgBuf b = NG_BUF_INIT;
  if (append_safe(&b, iri ? iri : "", 1) != NG_SUCCESS) {
    ng_buf_release(&b);
    return NULL;
  }
  return ng_buf_detach(&b);
}

char *ng_mint_iri(const char *base, const char *kind, const char *name) {
  if (!kind) {
    return NULL;
  }
  char *key = ng_iri_key(name);
  char *iri = key ? ng_iri_from_key(base, kind, key) : NULL;
  free(key);
  return iri;
}

/* The article's identity: its key, or its label when the key is empty. */
static char *article_key_iri(const char *base, const char *kind,
                             const NgArticle *article) {
  if (!article) {
    return NULL;
  }
  const char *id =
      article->key && *article->key ? article->key : article->label;
  return ng_mint_iri(base, kind, id ? id : "");
}

char *ng_article_iri(const char *base_iri, const NgArticle *article) {
  return article_key_iri(base_iri, NG_KIND_ARTICLE, article);
}

char *ng_article_graph_iri(const char *base_iri, const NgArticle *article) {
  return article_key_iri(base_iri, NG_KIND_GRAPH, article);
}

static int digits(const char *s, size_t n) {
  for (size_t i = 0; i < n; i++) {
    if (s[i] < '0' || s[i] > '9') {
      return 0;
    }
  }
  return 1;
}

const char *ng_date_datatype(const char *d) {
  if (!d || !digits(d, 4)) {
    return NULL;
  }
  if (!d[4]) {
    return XSD_G_YEAR;
  }
  if (d[4] != '-' || !digits(d + 5, 2)) {
    return NULL;
  }
  int month = (d[5] - '0') * 10 + (d[6] - '0');
  if (month < 1 || month > 12) {
    return NULL;
  }
  if (!d[7]) {
    return XSD_G_YEAR_MONTH;
  }
  if (d[7] != '-' || !digits(d + 8, 2) || d[10]) {
    return NULL;
  }
  static const int days[] = {31, 29, 31, 30, 31, 30, 31, 31, 30, 31, 30, 31};
  int day = (d[8] - '0') * 10 + (d[9] - '0');
  int year = atoi(d);
  int leap = (year % 4 == 0 && year % 100 != 0) || year % 400 == 0;
  if (day < 1 || day > days[month - 1] || (month == 2 && day == 29 && !leap)) {
    return NULL;
  }
  return XSD_DATE;
}
