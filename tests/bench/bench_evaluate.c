/* SPDX-License-Identifier: Apache-2.0 */
/* Benchmark: a DriverEntry with 40 sequential status checks through 10
 * helpers, each helper branching and calling must-check routines, so the
 * evaluator meets a long chain of paths. Prints the parse and evaluation
 * times; asserts only that the analysis found what it should (timings are
 * figures for the closing note, never test assertions).
 *   build/tests/bench_evaluate [ROUNDS] */
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "run/run.h"
#include "base/alloc.h"
#include "base/strbuf.h"
#include "base/strvec.h"
#include "base/path.h"

#define HELPERS 10
#define CHECKS 40

static char *driver_source(void)
{
	struct strbuf sb = STRBUF_INIT;
	strbuf_adds(&sb, "#include <ntddk.h>\n"
			 "DRIVER_INITIALIZE DriverEntry;\n"
			 "DRIVER_UNLOAD BenchUnload;\n"
			 "_Dispatch_type_(IRP_MJ_CREATE) DRIVER_DISPATCH BenchCreate;\n"

			 "static ULONG gMode;\n"
			 "VOID BenchUnload(PDRIVER_OBJECT d) { UNREFERENCED_PARAMETER(d); }\n"
			 "NTSTATUS BenchCreate(PDEVICE_OBJECT d, PIRP irp) { UNREFERENCED_PARAMETER(d);\n"
			 "  irp->IoStatus.Status = STATUS_SUCCESS; IoCompleteRequest(irp, IO_NO_INCREMENT);\n"
			 "  return STATUS_SUCCESS; }\n");
	for (int h = 0; h < HELPERS; h++)
		strbuf_addf(&sb,
			    "static NTSTATUS Helper%d(PDRIVER_OBJECT DriverObject)\n"
			    "{\n"
			    "    NTSTATUS status = STATUS_SUCCESS;\n"
			    "    PVOID block;\n"
			    "    UNREFERENCED_PARAMETER(DriverObject);\n"
			    "    if (gMode & %d) {\n"
			    "        block = ExAllocatePoolWithTag(NonPagedPoolNx, %d, 'hcnB');\n"
			    "        if (block == NULL)\n"
			    "            return STATUS_INSUFFICIENT_RESOURCES;\n"
			    "        RtlZeroMemory(block, %d);\n"
			    "        ExFreePoolWithTag(block, 'hcnB');\n"
			    "    } else {\n"
			    "        status = ZwYieldExecution();\n"
			    "        if (!NT_SUCCESS(status))\n"
			    "            return status;\n"
			    "    }\n"
			    "    return status;\n"
			    "}\n",
			    h, 1 << (h % 8), 64 * (h + 1), 64 * (h + 1));
	strbuf_adds(&sb, "NTSTATUS DriverEntry(PDRIVER_OBJECT DriverObject, PUNICODE_STRING RegistryPath)\n"
			 "{\n"
			 "    NTSTATUS status;\n"
			 "    UNREFERENCED_PARAMETER(RegistryPath);\n");
	for (int c = 0; c < CHECKS; c++)
		strbuf_addf(&sb,
			    "    status = Helper%d(DriverObject);\n"
			    "    if (!NT_SUCCESS(status)) {\n"
			    "        goto Cleanup;\n"
			    "    }\n",
			    c % HELPERS);
	strbuf_adds(&sb, "    DriverObject->MajorFunction[IRP_MJ_CREATE] = BenchCreate;\n"
			 "    DriverObject->DriverUnload = BenchUnload;\n"
			 "    return STATUS_SUCCESS;\n"
			 "Cleanup:\n"
			 "    return status;\n"
			 "}\n");
	return strbuf_detach(&sb);
}

int main(int argc, char **argv)
{
	int rounds = argc > 1 ? atoi(argv[1]) : 5;
	const char *tmp = getenv("TMPDIR");
	char *dir = alloc_printf("%s/entrycheck-bench-XXXXXX", tmp && tmp[0] ? tmp : "/tmp");
	if (!mkdtemp(dir)) {
		perror("mkdtemp");
		return 2;
	}
	char *file = path_join(dir, "bench.c");
	char *text = driver_source();
	FILE *f = fopen(file, "w");
	if (!f) {
		perror(file);
		return 2;
	}
	fputs(text, f);
	fclose(f);

	double best_eval = 1e9, best_parse = 1e9;
	size_t findings = 0, entries = 0;
	for (int r = 0; r < rounds; r++) {
		struct run_options opts = { .use_pch = 1, .check = 1 };
		strvec_push(&opts.paths, file);
		struct run_result result;
		if (run_analysis(&opts, &result) != 0) {
			fprintf(stderr, "bench: the analysis failed\n");
			return 1;
		}
		if (result.stats.eval_seconds < best_eval)
			best_eval = result.stats.eval_seconds;
		if (result.stats.parse_seconds < best_parse)
			best_parse = result.stats.parse_seconds;
		findings = result.findings.len;
		entries = result.entries.len;
		run_result_release(&result);
		run_options_release(&opts);
	}
	printf("bench: DriverEntry with %d status checks through %d helpers: parse %.1f ms, "
	       "rules evaluated in %.1f ms (best of %d)\n",
	       CHECKS, HELPERS, best_parse * 1e3, best_eval * 1e3, rounds);
	if (!getenv("BENCH_KEEP"))
		path_remove_tree(dir);
	else
		fprintf(stderr, "bench: kept %s\n", file);
	free(text);
	free(file);
	free(dir);
	/* A conforming driver: one entry, nothing found. */
	int failed = entries != 1 || findings != 0;
	if (failed)
		fprintf(stderr, "bench: expected 1 entry and no finding, got %zu and %zu\n", entries, findings);
	printf("bench: %d passed, %d failed\n", !failed, failed);
	return failed;
}
