# cli/local.mk: the newsgraph command (argument parsing and subcommands;
# everything else is in libnewsgraph).
newsgraph_SOURCES += \
	%reldir%/main.c \
	%reldir%/commands.h \
	%reldir%/options.c \
	%reldir%/cmd_extract.c \
	%reldir%/parallel.c \
	%reldir%/parallel.h \
	%reldir%/cmd_rules.c \
	%reldir%/cmd_store.c \
	%reldir%/cmd_serve.c
