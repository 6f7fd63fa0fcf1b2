/*
 * schema.c: what a rule may emit.  Mention verbs name a mention type and
 * take the mention's group first; relation verbs take key=group arguments.
 * The loader checks every emit against this table, so a typo in a rule
 * file is a file:line error at load time, not a silently missing fact.
 */
#include "rules.h"

#include "util.h"

#include <string.h>

static const char *const mention_names[NG_M_COUNT] = {
    "PERSON", "ORG", "EVENT", "DATE", "PLACE"};

const char *ng_mention_type_name(int t) {
  return t >= 0 && t < NG_M_COUNT ? mention_names[t] : "?";
}

int ng_mention_type_of(const char *name) {
  for (int i = 0; i < NG_M_COUNT; ++i) {
    if (!strcmp(mention_names[i], name)) {
      return i;
    }
  }
  return -1;
}

typedef struct VerbSpec {
  const char *verb;
  const char *required[3];
  const char *optional[16];
} VerbSpec;

/* Relation verbs.  A key may be given more than once where a list makes
 * sense (members, agent); a group that covers several mentions stands for
 * all of them. */
static const VerbSpec relation_verbs[] = {
    {"member", {"person", "org"}, {"role", "order"}},
    {"title", {"person", "role"}, {NULL}},
    {"parent", {"unit", "parent"}, {NULL}},
    {"alias", {"name", "alias"}, {NULL}},
    {"event_date", {"event", "date"}, {"end"}},
    {"event_end", {"event", "date"}, {NULL}},
    {"event_same_day", {"event", "other"}, {NULL}},
    {"location", {"event", "place"}, {NULL}},
    {"occasion", {NULL}, {"event", "day"}},
    {"organizer", {"event", "agent"}, {NULL}},
    {"sponsor", {"event", "agent"}, {NULL}},
    {"performer", {"event", "agent"}, {NULL}},
    {"attendee", {"event", "agent"}, {NULL}},
    {"roster", {"role"}, {"event"}},
    {"contact", {NULL}, {NULL}},
    {"collab", {"members"}, {"date", "topic", "remit", "kind", "group", "collective", "each", "extend", "latest", "iflatest", "ifgroup", "joiner"}},
    {"collab_roster", {NULL}, {"members", "date", "topic", "kind"}},
    {"collab_topic", {"topic"}, {"item"}},
    {"collab_date", {"date"}, {NULL}},
    {"article_date", {"date"}, {NULL}},
    {"author", {"person"}, {NULL}},
    {"headline", {"text"}, {NULL}},
    {"drop", {"mention"}, {"type", NULL}},
};

/* Attributes a mention verb accepts besides its span. */
static const char *const mention_attrs[] = {"honorific", "initials", NULL};

static int in_list(const char *const *list, size_t n, const char *key) {
  for (size_t i = 0; i < n && list[i]; ++i) {
    if (!strcmp(list[i], key)) {
      return 1;
    }
  }
  return 0;
}

static const char *check_mention(const NgEmit *e) {
  if (!e->n_args || e->args[0].key || !e->args[0].group) {
    return "a mention verb takes the mention's group first";
  }
  for (size_t i = 1; i < e->n_args; ++i) {
    if (!e->args[i].key || !in_list(mention_attrs, 8, e->args[i].key)) {
      return "unknown mention attribute (expected honorific= or initials=)";
    }
  }
  return NULL;
}

const char *ng_schema_check(const NgEmit *e) {
  if (e->mention_type >= 0) {
    return check_mention(e);
  }
  for (size_t v = 0; v < NG_ARRAY_LEN(relation_verbs); ++v) {
    const VerbSpec *spec = &relation_verbs[v];
    if (strcmp(spec->verb, e->verb)) {
      continue;
    }
    for (size_t i = 0; i < e->n_args; ++i) {
      const char *key = e->args[i].key;
      if (!key) {
        return "relation arguments are written key=group";
      }
      if (!in_list(spec->required, NG_ARRAY_LEN(spec->required), key) &&
          !in_list(spec->optional, NG_ARRAY_LEN(spec->optional), key)) {
        return "unknown argument for this verb";
      }
      if (!strcmp(key, "order") &&
          (!e->args[i].literal || (strcmp(e->args[i].literal, "before") &&
                                   strcmp(e->args[i].literal, "after") &&
                                   strcmp(e->args[i].literal, "chain")))) {
        return "order must be \"before\", \"after\" or \"chain\"";
      }
      if (!strcmp(key, "role") && !strcmp(e->verb, "roster") &&
          (!e->args[i].literal || (strcmp(e->args[i].literal, "performer") &&
                                   strcmp(e->args[i].literal, "attendee")))) {
        return "a roster's role must be \"performer\" or \"attendee\"";
      }
      if (!strcmp(key, "type") &&
          (!e->args[i].literal || ng_mention_type_of(e->args[i].literal) < 0)) {
        return "type must be a literal mention type (\"PERSON\", \"ORG\", ...)";
      }
    }
    for (size_t r = 0; r < 3 && spec->required[r]; ++r) {
      int found = 0;
      for (size_t i = 0; i < e->n_args; ++i) {
        found |= !strcmp(e->args[i].key, spec->required[r]);
      }
      if (!found) {
        return "a required argument is missing";
      }
    }
    return NULL;
  }
  return "unknown verb";
}
