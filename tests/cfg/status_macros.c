/* Status macros whose assignment and test are spelled in the macro's body:
 * `S = (E)` and `if (!NT_SUCCESS(S))` have no tokens of their own in the
 * file, so the graph must come from the AST (and, before libclang 17, from
 * the macro's definition). */
#define NT_SUCCESS(S) ((long)(S) >= 0)
#define GOTO_IF_FAILED(Label, S, E) do { S = (E); if (!NT_SUCCESS(S)) { goto Label; } } while (0)
#define CHECK(S, E, L) do { S = (E); if (!NT_SUCCESS(S)) goto L; } while (0)
#define RETURN_IF_FAILED(S) if (!NT_SUCCESS(S)) { return (S); }
long Create(int *out);
long Start(void);

long StatusMacros(void)
{
	long status;
	int handle = 0;
	GOTO_IF_FAILED(done, status, Create(&handle));
	CHECK(status, Start(), done);
	status = Start();
	RETURN_IF_FAILED(status);
done:
	return status;
}

/* A union's braced initializer, which libclang 19 crashed evaluating. */
void UnionInit(void)
{
	union {
		unsigned char Block[32];
		unsigned long long Lens[2];
	} b = { { 0 } };
	(void)b;
}
