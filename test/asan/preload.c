/*
 * Preloaded after the sanitizer runtimes into the postgres of make test-asan
 * (test/asan/run.sh; doc/sanitizers.md).
 *
 * 1. Translations off.  Debian's postgres is built with NLS; with libasan
 * preloaded, its first bindtextdomain() call (set_pglocale_pgservice() in
 * main(), before any setting is read, so lc_messages cannot help) blocks for
 * ever on glibc's _nl_state_lock.  These text domain functions only echo
 * their arguments; messages stay untranslated, as with lc_messages=C.
 *
 * 2. UBSan's options.  libubsan reads UBSAN_OPTIONS when it reports for the
 * first time, from /proc/self/environ; by then a backend has overwritten
 * that area with its ps display, so the variable is gone.  The runtime asks
 * this hook instead.
 */
char	   *bindtextdomain(const char *domainname, const char *dirname);
char	   *bind_textdomain_codeset(const char *domainname, const char *codeset);
char	   *textdomain(const char *domainname);
const char *__ubsan_default_options(void);

char *
bindtextdomain(const char *domainname, const char *dirname)
{
	(void) domainname;
	return (char *) dirname;
}

char *
bind_textdomain_codeset(const char *domainname, const char *codeset)
{
	(void) domainname;
	return (char *) codeset;
}

char *
textdomain(const char *domainname)
{
	return (char *) domainname;
}

/* Stop at the first report, with a stack, and abort so the postmaster logs it */
const char *
__ubsan_default_options(void)
{
	return "print_stacktrace=1:halt_on_error=1:abort_on_error=1:disable_coredump=1";
}
