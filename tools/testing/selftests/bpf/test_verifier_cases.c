// SPDX-License-Identifier: GPL-2.0
/*
 * Lists the cases of the upstream 6.1 test_verifier, one a line:
 *
 *	index <TAB> runs-unprivileged <TAB> result <TAB> result_unpriv <TAB>
 *	prog_type <TAB> needs <TAB> errstr <TAB> errstr_unpriv <TAB> descr
 *
 * result and result_unpriv are test_verifier's own enum (0 UNDEF,
 * 1 ACCEPT, 2 REJECT, 3 VERBOSE_ACCEPT); needs names what the case takes
 * from the kernel beyond the program ("kfunc": kfunc BTF ids of vmlinux,
 * "attach": a vmlinux BTF attach target, "btf": a BTF of its own,
 * "xlated": a check of the rewritten program), "-" for nothing; errstr
 * and errstr_unpriv are the expected log texts, their tab-separated
 * parts joined with " ... ", empty when the case has none.  The runner
 * (scripts/upstream-test-verifier.sh) needs them to name every case
 * before it runs any (so a crash cannot hide a case) and to know the
 * verdict behind an "OK" for the differential against the host kernel.
 *
 * It is built from the unmodified test_verifier.c, included with its
 * main() renamed: the table and test_as_unpriv() are test_verifier's own,
 * so the list cannot drift from what the binary runs.
 */
#define main test_verifier_main
#include "test_verifier.c"
#undef main

static void print_needs(const struct bpf_test *test)
{
	const char *sep = "";

	if (test->fixup_kfunc_btf_id[0].kfunc) {
		printf("%skfunc", sep);
		sep = ",";
	}
	if (test->kfunc) {
		printf("%sattach", sep);
		sep = ",";
	}
	if (test->btf_types[0]) {
		printf("%sbtf", sep);
		sep = ",";
	}
	if (test->expected_insns[0].code || test->unexpected_insns[0].code) {
		printf("%sxlated", sep);
		sep = ",";
	}
	if (!*sep)
		printf("-");
}

static void print_errstr(const char *s)
{
	for (; s && *s; s++) {
		if (*s == '\t')
			printf(" ... ");
		else
			putchar(*s == '\n' ? ' ' : *s);
	}
	putchar('\t');
}

int main(void)
{
	unsigned int i;

	for (i = 0; i < ARRAY_SIZE(tests); i++) {
		struct bpf_test *test = &tests[i];

		if (strchr(test->descr, '\n') || strchr(test->descr, '\t') ||
		    strstr(test->descr, " # ")) {
			fprintf(stderr, "case %u: description does not fit the list\n", i);
			return 1;
		}
		printf("%u\t%d\t%d\t%d\t%d\t", i, test_as_unpriv(test),
		       test->result, test->result_unpriv, test->prog_type);
		print_needs(test);
		putchar('\t');
		print_errstr(test->errstr);
		print_errstr(test->errstr_unpriv);
		printf("%s\n", test->descr);
	}
	return 0;
}
