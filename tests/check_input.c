/*
 * check_input.c: specification of the input stage (NgDocument): reading,
 * refusing non-text, UTF-8 repair, HTML reduction, normalisation with its
 * offset map, boilerplate dropping and sentence splitting.
 */
#define _POSIX_C_SOURCE 200809L /* fmemopen */
#include "newsgraph.h"

#include <check.h>
#include <ctype.h>
#include <stdlib.h>
#include <string.h>

/* ------------------------------------------------------------- helpers */

typedef struct Captured {
  int n;
  NgLogLevel level;
  size_t offset;
  char file[64];
  char message[256];
} Captured;

static Captured captured;

static void capture(void *handle, const NgDiagnostic *d) {
  Captured *c = handle;
  c->n++;
  c->level = d->level;
  c->offset = d->offset;
  snprintf(c->file, sizeof c->file, "%s", d->file ? d->file : "");
  snprintf(c->message, sizeof c->message, "%s", d->message);
}

static void setup(void) {
  memset(&captured, 0, sizeof captured);
  ng_log_set_sink(capture, &captured);
}

static void teardown(void) {
  ng_log_set_sink(NULL, NULL);
}

static NgDocument *load(const char *s) {
  NgDocument *doc = NULL;
  NgStatus st = ng_document_from_bytes("mem.txt", s, strlen(s), &doc);
  ck_assert_msg(st == NG_SUCCESS, "load failed: %s (%s)", ng_strerror(st),
                captured.message);
  return doc;
}

static const char *text(const NgDocument *doc) {
  return ng_document_text(doc, NULL);
}

/* The original bytes behind the first occurrence of needle in the cleaned
 * text (offset k inside needle) start with expected. */
static void assert_maps_to(const NgDocument *doc, const char *needle, size_t k,
                           const char *expected) {
  const char *t = text(doc);
  const char *hit = strstr(t, needle);
  ck_assert_msg(hit != NULL, "'%s' not in cleaned text", needle);
  size_t olen;
  const char *orig = ng_document_original(doc, &olen);
  size_t off = ng_document_original_offset(doc, (size_t)(hit - t) + k);
  ck_assert_uint_le(off + strlen(expected), olen);
  ck_assert_msg(memcmp(orig + off, expected, strlen(expected)) == 0,
                "'%s'+%zu maps to '%.10s', expected '%s'", needle, k,
                orig + off, expected);
}

static char *sentence(const NgDocument *doc, size_t i) {
  const NgSentence *s = ng_document_sentence(doc, i);
  ck_assert_ptr_nonnull(s);
  static char buf[512];
  size_t n = s->span.end - s->span.begin;
  ck_assert_uint_lt(n, sizeof buf);
  memcpy(buf, text(doc) + s->span.begin, n);
  buf[n] = '\0';
  return buf;
}

/* ------------------------------------------------------------ reading */

START_TEST(empty_input_is_refused) {
  NgDocument *doc = (NgDocument *)1;
  ck_assert_int_eq(ng_document_from_bytes("e.txt", "", 0, &doc), NG_ERR_INPUT);
  ck_assert_ptr_null(doc);
  ck_assert_str_eq(captured.message, "empty input");
  ck_assert_str_eq(captured.file, "e.txt");
  ck_assert_int_eq(ng_document_from_bytes("w.txt", " \n\t\r\n ", 6, &doc),
                   NG_ERR_INPUT);
  ck_assert_str_eq(captured.message, "empty input");
}
END_TEST

START_TEST(binary_input_is_refused) {
  NgDocument *doc = NULL;
  ck_assert_int_eq(ng_document_from_bytes("b.bin", "abc\0def", 7, &doc),
                   NG_ERR_INPUT);
  ck_assert_str_eq(captured.message, "binary input (NUL byte at offset 3)");
  ck_assert_uint_eq(captured.offset, 3);
  char controls[100];
  memset(controls, 'a', sizeof controls);
  for (int i = 0; i < 20; i++) {
    controls[i * 5] = '\x01';
  }
  ck_assert_int_eq(
      ng_document_from_bytes("c.bin", controls, sizeof controls, &doc),
      NG_ERR_INPUT);
  ck_assert_ptr_nonnull(strstr(captured.message, "binary input"));
}
END_TEST

START_TEST(unreadable_file_is_an_io_error) {
  NgDocument *doc = NULL;
  ck_assert_int_eq(ng_document_load_file("/nonexistent/dir/a.txt", &doc),
                   NG_ERR_IO);
  ck_assert_ptr_null(doc);
  ck_assert_str_eq(captured.file, "/nonexistent/dir/a.txt");
  ck_assert_ptr_nonnull(strstr(captured.message, "cannot open"));
  ck_assert_ptr_nonnull(strstr(captured.message, "No such file"));
}
END_TEST

START_TEST(utf16_input_is_named_as_such) {
  NgDocument *doc = NULL;
  const char le[] = "\xFF\xFE" "D\0r\0.\0";
  const char be[] = "\xFE\xFF" "\0D\0r\0.";
  ck_assert_int_eq(ng_document_from_bytes("le.txt", le, sizeof le - 1, &doc),
                   NG_ERR_INPUT);
  ck_assert_ptr_nonnull(strstr(captured.message, "UTF-16"));
  ck_assert_str_eq(captured.file, "le.txt");
  ck_assert_int_eq(ng_document_from_bytes("be.txt", be, sizeof be - 1, &doc),
                   NG_ERR_INPUT);
  ck_assert_ptr_nonnull(strstr(captured.message, "convert it to UTF-8"));
  ck_assert_ptr_null(doc);
}
END_TEST

START_TEST(too_large_input_is_refused_before_reading) {
  NgDocument *doc = NULL;
  /* the size is checked before any byte is read */
  ck_assert_int_eq(
      ng_document_from_bytes("huge.txt", "x", NG_MAX_DOCUMENT_BYTES + 1, &doc),
      NG_ERR_INPUT);
  ck_assert_ptr_nonnull(strstr(captured.message, "too large"));
  ck_assert_str_eq(captured.file, "huge.txt");
}
END_TEST

START_TEST(the_size_limit_can_be_changed) {
  ck_assert_uint_eq(ng_max_document_bytes(), NG_DEFAULT_MAX_DOCUMENT_BYTES);
  ck_assert_int_eq(ng_set_max_document_bytes(0), NG_ERR_BAD_ARG);
  ck_assert_int_eq(ng_set_max_document_bytes(NG_MAX_DOCUMENT_BYTES + 1),
                   NG_ERR_BAD_ARG);
  ck_assert_uint_eq(ng_max_document_bytes(), NG_DEFAULT_MAX_DOCUMENT_BYTES);
  ck_assert_int_eq(ng_set_max_document_bytes(20), NG_SUCCESS);
  const char *text = "Twenty bytes, exact.Twenty-one bytes now";
  NgDocument *doc = NULL;
  ck_assert_int_eq(ng_document_from_bytes("a.txt", text, 20, &doc),
                   NG_SUCCESS);
  ng_document_free(doc);
  doc = NULL;
  ck_assert_int_eq(ng_document_from_bytes("b.txt", text, 21, &doc),
                   NG_ERR_INPUT);
  ck_assert_ptr_null(doc);
  ck_assert_str_eq(captured.file, "b.txt");
  ck_assert_ptr_nonnull(strstr(captured.message, "21 bytes"));
  ck_assert_ptr_nonnull(strstr(captured.message, "limit is 20"));
  /* a stream is refused after one byte more than the limit */
  FILE *f = fmemopen((void *)text, strlen(text), "rb");
  ck_assert_ptr_nonnull(f);
  ck_assert_int_eq(ng_document_load_stream(f, "-", &doc), NG_ERR_INPUT);
  fclose(f);
  ck_assert_ptr_nonnull(strstr(captured.message, "limit of 20 bytes"));
  /* and a file by its size, before reading */
  const char *path = "check_input_limit.tmp";
  f = fopen(path, "wb");
  ck_assert_ptr_nonnull(f);
  fputs(text, f);
  fclose(f);
  ck_assert_int_eq(ng_document_load_file(path, &doc), NG_ERR_INPUT);
  remove(path);
  ck_assert_ptr_nonnull(strstr(captured.message, "40 bytes"));
  ck_assert_int_eq(ng_set_max_document_bytes(NG_DEFAULT_MAX_DOCUMENT_BYTES),
                   NG_SUCCESS);
}
END_TEST

START_TEST(file_and_stream_load_the_same_text) {
  const char *body = "A headline\n\nBody text of the article.\n";
  const char *path = "check_input.tmp";
  FILE *f = fopen(path, "wb");
  ck_assert_ptr_nonnull(f);
  fputs(body, f);
  fclose(f);
  NgDocument *a = NULL, *b = NULL;
  ck_assert_int_eq(ng_document_load_file(path, &a), NG_SUCCESS);
  f = fopen(path, "rb");
  ck_assert_int_eq(ng_document_load_stream(f, "-", &b), NG_SUCCESS);
  fclose(f);
  remove(path);
  ck_assert_str_eq(ng_document_label(a), path);
  ck_assert_str_eq(ng_document_label(b), "-");
  ck_assert_str_eq(text(a), "A headline\n\nBody text of the article.");
  ck_assert_str_eq(text(a), text(b));
  size_t olen;
  ck_assert_str_eq(ng_document_original(b, &olen), body);
  ck_assert_uint_eq(olen, strlen(body));
  ng_document_free(a);
  ng_document_free(b);
}
END_TEST

START_TEST(free_accepts_null) {
  ng_document_free(NULL);
}
END_TEST

/* ---------------------------------------------------------------- utf-8 */

START_TEST(invalid_utf8_is_replaced_with_one_warning) {
  NgDocument *doc = load("Good \xFF text \xC3 here and \xE2\x82 there");
  ck_assert_str_eq(text(doc), "Good \xEF\xBF\xBD text \xEF\xBF\xBD here and "
                              "\xEF\xBF\xBD\xEF\xBF\xBD there");
  ck_assert_int_eq(captured.n, 1);
  ck_assert_int_eq(captured.level, NG_LOG_WARNING);
  ck_assert_uint_eq(captured.offset, 5);
  ck_assert_str_eq(captured.message, "invalid utf-8 replaced (first bad byte "
                                     "at offset 5, 4 bytes in all)");
  assert_maps_to(doc, "\xEF\xBF\xBD", 0, "\xFF");
  ng_document_free(doc);
}
END_TEST

START_TEST(bom_is_dropped_and_other_scripts_kept) {
  NgDocument *doc = load("\xEF\xBB\xBF"
                         "작성일 24.09.26\n\n中文 新闻 text, Việt Nam.");
  ck_assert_str_eq(text(doc), "작성일 24.09.26\n\n中文 新闻 text, Việt Nam.");
  assert_maps_to(doc, "작", 0, "작성일");
  ck_assert_int_eq(captured.n, 0);
  ng_document_free(doc);
}
END_TEST

/* -------------------------------------------------------- normalisation */

START_TEST(quotes_dashes_and_spaces_are_normalised) {
  NgDocument *doc =
      load("  He said \xE2\x80\x9CHello\xE2\x80\x9D \xE2\x80\x94 it\xE2\x80"
           "\x99s   fine\t\tnow.  \r\nNext\xC2\xA0line\xE2\x80\x8B here\r\n"
           "ages 10\xE2\x80\x93"
           "20 and a\xE2\x80\x94\xE2\x80\x94z\rend");
  /* an en dash joins "10-20"; em dashes between words separate them; a
   * wide gap (three spaces, a tab) is one tab */
  ck_assert_str_eq(text(doc), "He said \"Hello\" - it's\tfine\tnow.\n"
                              "Next line here\nages 10-20 and a - z\nend");
  assert_maps_to(doc, "\"Hello", 0, "\xE2\x80\x9C");
  assert_maps_to(doc, "o\"", 1, "\xE2\x80\x9D");
  assert_maps_to(doc, " - ", 1, "\xE2\x80\x94");
  assert_maps_to(doc, "it's", 2, "\xE2\x80\x99s");
  assert_maps_to(doc, "fine\tnow", 4, "\t\tnow");
  assert_maps_to(doc, "Next line", 4, "\xC2\xA0");
  assert_maps_to(doc, "line here", 5, "here");
  assert_maps_to(doc, "end", 0, "end");
  size_t len, olen;
  ng_document_text(doc, &len);
  ng_document_original(doc, &olen);
  ck_assert_uint_eq(ng_document_original_offset(doc, len), olen);
  ng_document_free(doc);
  /* two spaces are no wide gap; in HTML no run of spaces is one */
  doc = load("Text: Ana  Lund    Photo: Ben Cole");
  ck_assert_str_eq(text(doc), "Text: Ana Lund\tPhoto: Ben Cole");
  ng_document_free(doc);
  doc = load("<html><body><p>Text: Ana  Lund    Photo: Ben Cole</p>"
             "</body></html>");
  ck_assert_str_eq(text(doc), "Text: Ana Lund Photo: Ben Cole");
  ng_document_free(doc);
  /* an acute accent typed for an apostrophe */
  doc = load("The Institute\xC2\xB4s staff.");
  ck_assert_str_eq(text(doc), "The Institute's staff.");
  assert_maps_to(doc, "'s", 0, "\xC2\xB4s");
  ng_document_free(doc);
}
END_TEST

/* Two hyphens typed for a dash after a word part the words as an em
 * dash does; a run of hyphens opening a line stays, and one hyphen joins
 * as before.  Many such dashes in one run of text grow it safely. */
START_TEST(two_hyphens_after_a_word_are_a_dash) {
  NgDocument *doc = load("OBAN, Tarn--(WIRE)--Kessel Labs grew so--fast.\n"
                         "a -- b, c --d, e---f, well-known\n--end");
  ck_assert_str_eq(text(doc), "OBAN, Tarn - (WIRE) - Kessel Labs grew so - "
                              "fast.\na - b, c - d, e - f, well-known\n"
                              "--end");
  assert_maps_to(doc, " - (", 1, "--(");
  assert_maps_to(doc, "Kessel", 0, "Kessel");
  assert_maps_to(doc, "fast", 0, "fast");
  ng_document_free(doc);
  size_t n = 30000;
  char *in = malloc(3 * n + 1);
  ck_assert_ptr_nonnull(in);
  for (size_t i = 0; i < n; i++) {
    memcpy(in + 3 * i, "x--", 3);
  }
  in[3 * n] = '\0';
  doc = load(in);
  size_t len;
  const char *t = ng_document_text(doc, &len);
  ck_assert_uint_eq(len, 4 * n - 1); /* "x - " each, the last space trimmed */
  ck_assert(!strncmp(t, "x - x - x", 9));
  ng_document_free(doc);
  free(in);
}
END_TEST

START_TEST(paragraphs_are_separated_by_one_blank_line) {
  NgDocument *doc = load("\n\n  Title line  \n\n\n \n\nFirst para line.\n"
                         "line two\n\n\n\nSecond para.\n\n");
  ck_assert_str_eq(text(doc), "Title line\n\nFirst para line.\nline two\n\n"
                              "Second para.");
  ng_document_free(doc);
}
END_TEST

START_TEST(leading_bullets_are_dropped) {
  NgDocument *doc = load("\xE2\x80\xA2 First item of the list\n"
                         "  \xC2\xB7 Second item of the list\n"
                         "\xE2\x97\x8F Third item \xE2\x80\xA2 inner bullet");
  ck_assert_str_eq(text(doc), "First item of the list\n"
                              "Second item of the list\n"
                              "Third item \xE2\x80\xA2 inner bullet");
  assert_maps_to(doc, "Second", 0, "Second");
  ng_document_free(doc);
}
END_TEST

START_TEST(plain_text_map_points_at_the_same_bytes) {
  const char *in = "Some   plain text,\n\n\nwith  gaps.\r\nAnd more.";
  NgDocument *doc = load(in);
  size_t len;
  const char *t = ng_document_text(doc, &len);
  size_t prev = 0;
  for (size_t i = 0; i < len; i++) {
    size_t off = ng_document_original_offset(doc, i);
    ck_assert_uint_ge(off, prev);
    prev = off;
    if (t[i] != '\n' && t[i] != ' ' && t[i] != '\t') {
      ck_assert_int_eq(t[i], in[off]);
    }
  }
  ng_document_free(doc);
}
END_TEST

/* Every byte of the cleaned text maps to an original byte, in order,
 * letters and digits to themselves, and the end of the text to the end of
 * the input: checked on a long text copied nearly verbatim (the map is
 * then kept as runs) and an HTML one made of entities (one offset per
 * byte). */
static void assert_map_follows(const char *in) {
  NgDocument *doc = load(in);
  size_t len;
  const char *t = ng_document_text(doc, &len);
  size_t prev = 0;
  for (size_t i = 0; i < len; i++) {
    size_t off = ng_document_original_offset(doc, i);
    ck_assert_uint_ge(off, prev);
    prev = off;
    if (isalnum((unsigned char)t[i])) {
      ck_assert_int_eq(t[i], in[off]);
    }
  }
  ck_assert_uint_eq(ng_document_original_offset(doc, len), strlen(in));
  ck_assert_uint_eq(ng_document_original_offset(doc, len + 5), strlen(in));
  ng_document_free(doc);
}

START_TEST(long_and_dense_maps_point_at_the_same_bytes) {
  size_t n = 3000;
  char *in = malloc(n * 48 + 1), *p = in;
  ck_assert_ptr_nonnull(in);
  for (size_t i = 0; i < n; i++) {
    p += sprintf(p, "Line %zu of the text%s.\n", i, i % 7 ? "" : "   spaced");
  }
  assert_map_follows(in);
  p = in + sprintf(in, "<html><body>");
  for (size_t i = 0; i < n; i++) {
    p += sprintf(p, "%s", i % 50 ? "&eacute;" : "<p>Word ");
  }
  assert_map_follows(in);
  free(in);
}
END_TEST

/* ----------------------------------------------------------------- html */

static const char *const page =
    "<!DOCTYPE html>\n<html><head><meta charset=\"utf-8\">"
    "<title>Clinic &amp; Lab opens</title>"
    "<style>p { color: red; }</style>"
    "<script>var x = \"<p>not text</p>\";</script></head>\n"
    "<body><!-- a comment <p>hidden</p> -->"
    "<noscript>enable scripts</noscript>"
    "<h1>New lab opens</h1>"
    "<p>The lab&nbsp;opened on 3&nbsp;May &mdash; at last.</p>"
    "<p>Second &#8220;quoted&#8221; &#x41;B &lt;tag&gt;\n   words<br>"
    "next line</p></body></html>";

START_TEST(html_is_reduced_to_text) {
  NgDocument *doc = load(page);
  ck_assert(ng_document_is_html(doc));
  ck_assert_str_eq(text(doc), "Clinic & Lab opens\n\nNew lab opens\n\n"
                              "The lab opened on 3 May - at last.\n\n"
                              "Second \"quoted\" AB <tag> words\nnext line");
  assert_maps_to(doc, "&", 0, "&amp;");
  assert_maps_to(doc, " - ", 1, "&mdash;");
  assert_maps_to(doc, "\"quoted", 0, "&#8220;");
  assert_maps_to(doc, "AB", 0, "&#x41;");
  assert_maps_to(doc, "B <", 0, "B &lt;");
  assert_maps_to(doc, "lab opened", 3, "&nbsp;");
  assert_maps_to(doc, "next line", 0, "next line");
  ng_document_free(doc);
}
END_TEST

START_TEST(html_is_detected_from_block_tags) {
  NgDocument *doc = load("<div class=\"x\">Alpha text here</div>"
                         "<p>Beta text here</p>");
  ck_assert(ng_document_is_html(doc));
  ck_assert_str_eq(text(doc), "Alpha text here\n\nBeta text here");
  ng_document_free(doc);
  doc = load("Plain text that mentions a <br> tag once.");
  ck_assert(!ng_document_is_html(doc));
  ck_assert_str_eq(text(doc), "Plain text that mentions a <br> tag once.");
  ng_document_free(doc);
}
END_TEST

/* ---------------------------------------------------------- boilerplate */

START_TEST(boilerplate_lines_are_dropped) {
  const char *in =
      "Home > News > Research\n"
      "HOME\xC2\xBB Events\n"
      "Campus \xE2\x80\xBA Events \xE2\x80\xBA Talks about things\n"
      "About | Jobs | Privacy Policy\n"
      "Wards 1012 | Clinics | Staff\n"
      "Follow us on Alpha | Beta for the latest headlines\n"
      "Event News | New Centre Opens Its Doors\n"
      "New clinic opens in the river district\n"
      "2018-02-04 09:41:00\n"
      "2031.03.11 | Press Office | Views 84\n"
      "Posted: 9 June 2031 | By Sam Poe | Views: 12\n"
      "By Jane Roe, Editor, Some Newsletter |\n"
      "Written by: Sam Poe\n"
      "Last Update : 9 June 2031\n"
      "The clinic opened on Monday. It has ten beds.\n"
      "\n"
      "|\n"
      "-\n"
      "\xC2\xA9 2024 Example Health. Some rights.\n"
      "Copyright 2023 Example Group\n"
      "Text (C) 2021 Example\n"
      "Example Co. All Rights Reserved.\n"
      "Powered by SomeEngine\n"
      "\xE7\x89\x88\xE6\x9D\x83\xE6\x89\x80\xE6\x9C\x89 Example\n"
      "\n"
      "Closing paragraph of the story.";
  NgDocument *doc = load(in);
  ck_assert_str_eq(text(doc), "Event News | New Centre Opens Its Doors\n"
                              "New clinic opens in the river district\n"
                              "2018-02-04 09:41:00\n"
                              "2031.03.11 | Press Office | Views 84\n"
                              "Posted: 9 June 2031 | By Sam Poe | Views: 12\n"
                              "By Jane Roe, Editor, Some Newsletter |\n"
                              "Written by: Sam Poe\n"
                              "Last Update : 9 June 2031\n"
                              "The clinic opened on Monday. It has ten beds."
                              "\n\nClosing paragraph of the story.");
  assert_maps_to(doc, "New clinic", 0, "New clinic");
  assert_maps_to(doc, "Monday", 0, "Monday");
  assert_maps_to(doc, "Closing", 0, "Closing");
  ng_document_free(doc);
}
END_TEST

START_TEST(runs_of_short_lines_are_menus) {
  NgDocument *doc = load("About\nResearch\nAdmissions\nCampus Life\n\n"
                         "A long headline about the new program\n\n"
                         "News\n\nMenu One\n\nMenu Two\n\n"
                         "Body of the article starts here.\n\n"
                         "Alpha beta\nGamma\n\n"
                         "Edited by: Kim\nBy Ann\nPosted\n\n"
                         "Body text here.");
  ck_assert_str_eq(text(doc), "A long headline about the new program\n\n"
                              "Body of the article starts here.\n\n"
                              "Alpha beta\nGamma\n\n"
                              "Edited by: Kim\nBy Ann\nPosted\n\n"
                              "Body text here.");
  assert_maps_to(doc, "Gamma", 0, "Gamma");
  assert_maps_to(doc, "Body text", 0, "Body text");
  ng_document_free(doc);
}
END_TEST

/* Short lines right under a line that announces a list ("The partners
 * are:", "Members include:") are its items and stay, however many; under
 * "Follow us:" (itself boilerplate) or a sentence they are still a menu. */
START_TEST(short_lines_announced_by_a_colon_are_a_list) {
  NgDocument *doc = load("The network partners are:\n"
                         "- Oban Clinic\n\n- Harlow Works\n- Tallis Lab\n\n"
                         "Members include:\nOne Lab\nTwo Lab\nThree Lab\n\n"
                         "Follow us:\nFacebook\nX\nYouTube\n\n"
                         "The list ends here.\nNews\nEvents\nPeople\n\n"
                         "Body text here.");
  ck_assert_str_eq(text(doc), "The network partners are:\n"
                              "- Oban Clinic\n\n- Harlow Works\n- Tallis Lab\n\n"
                              "Members include:\nOne Lab\nTwo Lab\nThree Lab\n\n"
                              "The list ends here.\n\n"
                              "Body text here.");
  assert_maps_to(doc, "Tallis", 0, "Tallis");
  assert_maps_to(doc, "Body text", 0, "Body text");
  ng_document_free(doc);
}
END_TEST

/* A heading of two or three words naming members ("Project partners",
 * "Consortium members") opens a list of short lines, however many, even
 * at the foot of the page, up to the next line of prose, as a line
 * that ends in a colon does, with longer items among them; a lone
 * "Partners" among other short lines, or a heading of other words, is
 * still a menu. */
START_TEST(short_lines_under_a_heading_of_members_are_a_list) {
  NgDocument *doc = load("Body text here.\n\n"
                         "Project partners\n\nTarn University\n\n"
                         "Oban Labs\n\nKessel Institute\n\n"
                         "The body of the article goes on here, in a "
                         "sentence that is long enough to be prose.\n\n"
                         "Home\nPartners\nContact\n\n"
                         "Body text once more.\n\n"
                         "Useful pages\nTarn Press\nOban Press\n"
                         "Kessel Press\n\n"
                         "Consortium members\nVessa College\nCalder Lab\n"
                         "Brevik Centre\n\n"
                         "The funders are:\nThe Tarn Science Fund (lead), Tarn\n"
                         "Oban Trust, Oban\nKessel Fund, Kessel\nVessa Fund");
  ck_assert_str_eq(text(doc), "Body text here.\n\n"
                              "Project partners\n\nTarn University\n\n"
                              "Oban Labs\n\nKessel Institute\n\n"
                              "The body of the article goes on here, in a "
                              "sentence that is long enough to be prose.\n\n"
                              "Body text once more.\n\n"
                              "Consortium members\nVessa College\n"
                              "Calder Lab\nBrevik Centre\n\n"
                              "The funders are:\n"
                              "The Tarn Science Fund (lead), Tarn\n"
                              "Oban Trust, Oban\nKessel Fund, Kessel\n"
                              "Vessa Fund");
  assert_maps_to(doc, "Brevik", 0, "Brevik");
  assert_maps_to(doc, "Kessel Institute", 0, "Kessel Institute");
  ng_document_free(doc);
}
END_TEST

/* Short lines with article prose on both sides are a list inside the
 * article (the names of partners), not a menu, which frames it; a run
 * after prose and before the footer, or after a short line, still goes. */
START_TEST(short_lines_between_prose_are_a_list) {
  NgDocument *doc = load(
      "The survey of river silt is run by a group of eight public bodies "
      "from four countries.\n\n"
      "Tarn University\nOban Labs\nKessel Institute\n\n"
      "The group will publish its first maps of the river basin in the "
      "spring, it said.\n\n"
      "Home\nAbout\nContact\n\n"
      "Page footer with the address of the press office\n\n"
      "Short line.\nNews\nEvents\nPeople\n\n"
      "Closing text of the page that is long enough to be prose, and "
      "ends here.");
  ck_assert_str_eq(
      text(doc),
      "The survey of river silt is run by a group of eight public bodies "
      "from four countries.\n\n"
      "Tarn University\nOban Labs\nKessel Institute\n\n"
      "The group will publish its first maps of the river basin in the "
      "spring, it said.\n\n"
      "Page footer with the address of the press office\n\n"
      "Short line.\n\n"
      "Closing text of the page that is long enough to be prose, and "
      "ends here.");
  assert_maps_to(doc, "Kessel", 0, "Kessel");
  assert_maps_to(doc, "Closing", 0, "Closing");
  ng_document_free(doc);
}
END_TEST

/* Headlines under "Related news" name other stories: the list goes, up
 * to a blank line, or further while its lines open with a dash. */
START_TEST(lists_of_links_to_other_stories_are_dropped) {
  NgDocument *doc = load("The museum reopened on Friday.\n\n"
                         "Related news:\n"
                         "Harbour clinic wins design prize\n"
                         "Winter forum held at the old mill\n\n"
                         "Photo caption: the new hall.\n\n"
                         "READ MORE\n\n"
                         "- Rowing club elects a new captain\n"
                         "\xC2\xBB Library extends its hours\n\n"
                         "Contact: press office\n\n"
                         "You may also like >>\n"
                         "The garden show returns. Tickets are on sale.\n\n"
                         "Related research on tides is published yearly.");
  ck_assert_str_eq(text(doc), "The museum reopened on Friday.\n\n"
                              "Photo caption: the new hall.\n\n"
                              "Contact: press office\n\n"
                              "The garden show returns. Tickets are on sale."
                              "\n\nRelated research on tides is published "
                              "yearly.");
  assert_maps_to(doc, "Contact", 0, "Contact");
  ng_document_free(doc);
}
END_TEST

START_TEST(prose_mentioning_copyright_is_kept) {
  const char *in =
      "The new law changes how copyright works for researchers who publish "
      "their data in open archives and share it with partners across many "
      "universities and hospitals in the region and abroad this year.";
  NgDocument *doc = load(in);
  ck_assert_str_eq(text(doc), in);
  ng_document_free(doc);
}
END_TEST

/* Guillemets that quote a name are no breadcrumb separators. */
START_TEST(prose_with_guillemets_is_kept) {
  const char *in = "The unit runs the \xC2\xABHarbour\xC2\xBB programme and "
                   "the \xC2\xABQuay\xC2\xBB clinic.";
  NgDocument *doc = load(in);
  ck_assert_str_eq(text(doc), in);
  ng_document_free(doc);
}
END_TEST

/* ------------------------------------------------------------ sentences */

START_TEST(sentences_respect_abbreviations_and_initials) {
  NgDocument *doc = load(
      "Dr. Ann Lee met Prof. K. Narayan on Feb. 3 at the Univ. Hospital. "
      "The rate rose 3.5 percent. No. 5 is next! Is it? \"Yes,\" she said. "
      "Ties with U.S. firms grew, e.g. Acme. Mr. J. Smith of Int'l. "
      "Programs spoke. The medical field.The program starts. A view of "
      "the wardThe Harlow Clinic opened. TheThe Tallis Institute and "
      "Of The Year stay whole. Dr. (Med.) Ann Lee and Ben Cole (Hons.) "
      "spoke. It ended (see Section 4.) Then we left.");
  const char *expected[] = {
      "Dr. Ann Lee met Prof. K. Narayan on Feb. 3 at the Univ. Hospital.",
      "The rate rose 3.5 percent.",
      "No. 5 is next!",
      "Is it?",
      "\"Yes,\" she said.",
      "Ties with U.S. firms grew, e.g. Acme.",
      "Mr. J. Smith of Int'l. Programs spoke.",
      "The medical field.",
      "The program starts.",
      /* a caption glued to the next sentence: "...wardThe Harlow" */
      "A view of the ward",
      "The Harlow Clinic opened.",
      "TheThe Tallis Institute and Of The Year stay whole.",
      /* a short word alone in parentheses is a degree or a rank */
      "Dr. (Med.) Ann Lee and Ben Cole (Hons.) spoke.",
      "It ended (see Section 4.)",
      "Then we left.",
  };
  size_t n = sizeof expected / sizeof expected[0];
  for (size_t i = 0; i < n && i < ng_document_n_sentences(doc); i++) {
    ck_assert_str_eq(sentence(doc, i), expected[i]);
  }
  ck_assert_uint_eq(ng_document_n_sentences(doc), n);
  ck_assert_ptr_null(ng_document_sentence(doc, n));
  ng_document_free(doc);
}
END_TEST

START_TEST(sentences_split_before_quotes_digits_and_other_scripts) {
  NgDocument *doc = load("It ended. \"Next,\" he said (twice.) 2024 was "
                         "good. 新的 句子 follows. lowercase after period, "
                         "in the lab.The end.");
  ck_assert_uint_eq(ng_document_n_sentences(doc), 4);
  ck_assert_str_eq(sentence(doc, 0), "It ended.");
  ck_assert_str_eq(sentence(doc, 1), "\"Next,\" he said (twice.)");
  ck_assert_str_eq(sentence(doc, 2), "2024 was good.");
  ck_assert_str_eq(sentence(doc, 3), "新的 句子 follows. lowercase after "
                                     "period, in the lab.The end.");
  ng_document_free(doc);
}
END_TEST

/* A day written as an ordinal before its month and year ("5. März
 * 2031", "12. kesäkuuta 2030") ends no sentence; a number before a
 * word that is no month and a year ends one ("aged 65. In 2019"), and
 * so does a period after three digits. */
START_TEST(an_ordinal_day_before_its_month_ends_no_sentence) {
  NgDocument *doc = load("Die Feier war am 5. M\xC3\xA4rz 2031 in Graz. Am "
                         "12. kes\xC3\xA4kuuta 2030 it opened. She left "
                         "aged 65. In 2019 she moved. Room 105. March 2031 "
                         "came.");
  ck_assert_uint_eq(ng_document_n_sentences(doc), 6);
  ck_assert_str_eq(sentence(doc, 0),
                   "Die Feier war am 5. M\xC3\xA4rz 2031 in Graz.");
  ck_assert_str_eq(sentence(doc, 1),
                   "Am 12. kes\xC3\xA4kuuta 2030 it opened.");
  ck_assert_str_eq(sentence(doc, 2), "She left aged 65.");
  ck_assert_str_eq(sentence(doc, 3), "In 2019 she moved.");
  ck_assert_str_eq(sentence(doc, 4), "Room 105.");
  ck_assert_str_eq(sentence(doc, 5), "March 2031 came.");
  ng_document_free(doc);
}
END_TEST

/* A date in figures, day first, with a space after each period ("4. 5.
 * 2031"), as Central European pages print it, ends no sentence; a
 * number and a period before a number that no year follows still end
 * one ("aged 19. 11 more came", "Room 7. 5 beds"). */
START_TEST(a_spaced_date_in_figures_ends_no_sentence) {
  NgDocument *doc = load("Vydane 4. 5. 2031 v Trnave. Dne 12. 11. 2030 "
                         "it opened. She left aged 19. 11 more came in "
                         "2031. Room 7. 5 beds.");
  ck_assert_uint_eq(ng_document_n_sentences(doc), 6);
  ck_assert_str_eq(sentence(doc, 0), "Vydane 4. 5. 2031 v Trnave.");
  ck_assert_str_eq(sentence(doc, 1), "Dne 12. 11. 2030 it opened.");
  ck_assert_str_eq(sentence(doc, 2), "She left aged 19.");
  ck_assert_str_eq(sentence(doc, 3), "11 more came in 2031.");
  ck_assert_str_eq(sentence(doc, 4), "Room 7.");
  ck_assert_str_eq(sentence(doc, 5), "5 beds.");
  ng_document_free(doc);
}
END_TEST

START_TEST(sentences_know_their_paragraph_and_line) {
  NgDocument *doc = load("Headline without a period\nMay 2, 2024\n\n"
                         "First sentence. Second one\ncontinues here.\n\n"
                         "Third paragraph.");
  ck_assert_uint_eq(ng_document_n_sentences(doc), 6);
  const size_t para[] = {0, 0, 1, 1, 1, 2}, line[] = {0, 1, 3, 3, 4, 6};
  for (size_t i = 0; i < 6; i++) {
    const NgSentence *s = ng_document_sentence(doc, i);
    ck_assert_uint_eq(s->paragraph, para[i]);
    ck_assert_uint_eq(s->line, line[i]);
  }
  ck_assert_str_eq(sentence(doc, 0), "Headline without a period");
  ck_assert_str_eq(sentence(doc, 3), "Second one");
  ck_assert_str_eq(sentence(doc, 4), "continues here.");
  ng_document_free(doc);
}
END_TEST

/* ------------------------------------------------------------------ size */

START_TEST(an_8mb_single_line_loads) {
  size_t n = 8u * 1024 * 1024;
  char *big = malloc(n);
  ck_assert_ptr_nonnull(big);
  for (size_t i = 0; i < n; i++) {
    big[i] = "word. Text "[i % 11];
  }
  NgDocument *doc = NULL;
  ck_assert_int_eq(ng_document_from_bytes("big.txt", big, n, &doc), NG_SUCCESS);
  size_t len;
  ng_document_text(doc, &len);
  ck_assert_uint_gt(len, n - 16);
  ck_assert_uint_gt(ng_document_n_sentences(doc), n / 11 - 2);
  ck_assert_uint_eq(ng_document_original_offset(doc, len), n);
  free(big);
  ng_document_free(doc);
}
END_TEST

static Suite *input_suite(void) {
  Suite *s = suite_create("input");
  TCase *tc = tcase_create("document");
  tcase_add_checked_fixture(tc, setup, teardown);
  tcase_set_timeout(tc, 30);
  tcase_add_test(tc, empty_input_is_refused);
  tcase_add_test(tc, binary_input_is_refused);
  tcase_add_test(tc, utf16_input_is_named_as_such);
  tcase_add_test(tc, unreadable_file_is_an_io_error);
  tcase_add_test(tc, too_large_input_is_refused_before_reading);
  tcase_add_test(tc, the_size_limit_can_be_changed);
  tcase_add_test(tc, file_and_stream_load_the_same_text);
  tcase_add_test(tc, free_accepts_null);
  tcase_add_test(tc, invalid_utf8_is_replaced_with_one_warning);
  tcase_add_test(tc, bom_is_dropped_and_other_scripts_kept);
  tcase_add_test(tc, quotes_dashes_and_spaces_are_normalised);
  tcase_add_test(tc, two_hyphens_after_a_word_are_a_dash);
  tcase_add_test(tc, paragraphs_are_separated_by_one_blank_line);
  tcase_add_test(tc, leading_bullets_are_dropped);
  tcase_add_test(tc, plain_text_map_points_at_the_same_bytes);
  tcase_add_test(tc, long_and_dense_maps_point_at_the_same_bytes);
  tcase_add_test(tc, html_is_reduced_to_text);
  tcase_add_test(tc, html_is_detected_from_block_tags);
  tcase_add_test(tc, boilerplate_lines_are_dropped);
  tcase_add_test(tc, lists_of_links_to_other_stories_are_dropped);
  tcase_add_test(tc, prose_with_guillemets_is_kept);
  tcase_add_test(tc, runs_of_short_lines_are_menus);
  tcase_add_test(tc, short_lines_announced_by_a_colon_are_a_list);
  tcase_add_test(tc, short_lines_between_prose_are_a_list);
  tcase_add_test(tc, short_lines_under_a_heading_of_members_are_a_list);
  tcase_add_test(tc, prose_mentioning_copyright_is_kept);
  tcase_add_test(tc, sentences_respect_abbreviations_and_initials);
  tcase_add_test(tc, sentences_split_before_quotes_digits_and_other_scripts);
  tcase_add_test(tc, an_ordinal_day_before_its_month_ends_no_sentence);
  tcase_add_test(tc, a_spaced_date_in_figures_ends_no_sentence);
  tcase_add_test(tc, sentences_know_their_paragraph_and_line);
  tcase_add_test(tc, an_8mb_single_line_loads);
  suite_add_tcase(s, tc);
  return s;
}

int main(void) {
  SRunner *sr = srunner_create(input_suite());
  srunner_run_all(sr, CK_NORMAL);
  int failed = srunner_ntests_failed(sr);
  srunner_free(sr);
  return failed ? EXIT_FAILURE : EXIT_SUCCESS;
}
