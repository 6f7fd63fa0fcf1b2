/* cli/main.c: STUB entry point of the newsgraph command. */
#include "newsgraph.h"
#include <stdio.h>
int main(void) { printf("newsgraph %s\n", ng_version()); return 0; }
