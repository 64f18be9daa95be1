// Exit codes from sysexits.h, so systemd, scripts and people can tell failures apart.

/** Bad input: a file or value the user handed over. */
export const EXIT_INPUT = 1;
/** EX_UNAVAILABLE: a service the sorter needs is not there (a port taken, a device missing). */
export const EXIT_UNAVAILABLE = 69;
/** EX_TEMPFAIL: try again later (another sorter holds the journal). */
export const EXIT_TEMPFAIL = 75;
/** EX_CONFIG: the configuration points somewhere that does not work. */
export const EXIT_CONFIG = 78;
