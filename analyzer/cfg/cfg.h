/* SPDX-License-Identifier: Apache-2.0 */
/* A function's control-flow graph and the events on it, detached from
 * libclang: built while the translation unit is alive (cfg_build), kept as
 * plain data so the evaluator can follow helpers defined in other files after
 * their units are gone. One block holds a straight run of events; a block
 * that branches carries the condition it tests.
 *
 *   struct cfg *g = cfg_build(tu, cursor);
 *   for (size_t b = 0; b < g->nblocks; b++)
 *       for (size_t e = 0; e < g->blocks[b].nevents; e++)
 *           ... g->blocks[b].events[e] ...
 *   cfg_free(g);
 */
#ifndef ENTRYCHECK_CFG_H
#define ENTRYCHECK_CFG_H

#include <clang-c/Index.h>
#include <stdbool.h>
#include <stdio.h>

#include "base/strvec.h"

/* A source position. `file` is borrowed from the graph's string pool. */
struct cfg_loc {
	const char *file;          /* absolute path of the file location: where a macro is expanded,
				    * or where a macro argument is written */
	unsigned line, column;
};

/* An lvalue as written, reduced to what rules need.
 *   status                      root "status",       path "status",                     field NULL
 *   config.EvtDriverDeviceAdd   root "config",       path "config.EvtDriverDeviceAdd",  field "EvtDriverDeviceAdd"
 *   DriverObject->MajorFunction[IRP_MJ_CREATE]
 *                               root "DriverObject", path "DriverObject->MajorFunction[IRP_MJ_CREATE]",
 *                               field "MajorFunction", index "IRP_MJ_CREATE", index_value 0
 *   *slot / slot[i]             root "slot", deref true
 * Paths are the source tokens with whitespace removed. */
struct cfg_place {
	char *root;                /* the variable at the base, or NULL when there is none */
	char *path;                /* as written */
	char *key;                 /* the path with each subscript that is not a constant as
				    * [*] (one place for table[i] and table[k]), or NULL when
				    * that is the path */
	char *field;               /* the last member named, or NULL */
	char *field_owner;         /* the structure or class that declares `field` ("_DEVICE_CONTEXT"),
				    * which names one member across functions; NULL without field */
	char *index;               /* the subscript's text when the place is `x[i]`, else NULL */
	long long index_value;     /* its value when constant */
	bool index_constant;
	bool deref;                /* reached through * or [] on a pointer variable */
	bool root_is_global;       /* root names a file-scope or static variable */
	bool root_is_param;        /* root names a parameter of the function */
	bool root_is_this;         /* a member of `this` (written or implicit): root "this",
				    * path "this->member..." */
	int param_index;           /* 0-based, when root_is_param */
	bool escapes;              /* root is a local whose address the function gives away
				    * other than as a call's argument (table.EntryContext =
				    * &x): a call may change it, so no value of it is known */
};

enum cfg_value_kind {
	VALUE_UNKNOWN,             /* an expression we do not model */
	VALUE_CONSTANT,            /* an integer constant expression: number holds it */
	VALUE_NULL,                /* NULL, 0 or nullptr used as a pointer */
	VALUE_PLACE,               /* the value of an lvalue: place */
	VALUE_ADDRESS,             /* &place */
	VALUE_FUNCTION,            /* a function designator: name */
	VALUE_CALL,                /* the result of the call event `call` in the same block list */
	VALUE_STRING,              /* a string literal */
};

struct cfg_value {
	enum cfg_value_kind kind;
	long long number;          /* VALUE_CONSTANT */
	struct cfg_place place;    /* VALUE_PLACE, VALUE_ADDRESS */
	char *name;                /* VALUE_FUNCTION: the function; VALUE_CONSTANT: the macro or
				    * enumerator spelled, e.g. "STATUS_SUCCESS", when there is one;
				    * VALUE_STRING: the literal, also when a macro spells it */
	int call;                  /* VALUE_CALL: index into cfg.calls */
	char *text;                /* the expression as written, whitespace removed */
	long long pointee_size;    /* VALUE_ADDRESS of a pointer variable (&ext): sizeof(*ext), else 0 */
	char *pointee_type;        /* and the pointed-to type's spelling, or NULL */
	char *place_type;          /* VALUE_ADDRESS: the type of the place whose address is taken,
				    * as declared ("VIRTUAL_HW_INITIALIZATION_DATA" of
				    * `(PHW_INITIALIZATION_DATA)&InitData`), or NULL */
	long long array_length;    /* VALUE_PLACE: the most characters a string read from it holds,
				    * with its NUL: an array of constant size's (`WCHAR alt[64]`)
				    * element count; an entry of a constant table of literals'
				    * longest; else 0 */
	struct cfg_value *alts;    /* `c ? a : b` (nested ones flattened): the values it may
				    * take; the value itself stays undecided */
	size_t nalts;
	struct cfg_value *chooser; /* `c` of a `c ? a : b` that is not nested, or NULL */
	char *success_of;          /* VALUE_UNKNOWN `NT_SUCCESS(v)`, 1 exactly when v succeeded: v, a
				    * status variable or "@N" for call N; else NULL */
};

enum cfg_event_kind {
	EVENT_CALL,                /* a call; `call` indexes cfg.calls */
	EVENT_ASSIGN,              /* target = value (target has no member: a plain variable) */
	EVENT_STORE,               /* target = value through a member, subscript or pointer */
	EVENT_ZERO,                /* target's bytes zeroed: RtlZeroMemory, memset(x, 0, ..),
				    * `T x = {0}`, or a byte loop over sizeof(x) */
	EVENT_RETURN,              /* return value (kind VALUE_UNKNOWN with no text for `return;`) */
};

struct cfg_event {
	enum cfg_event_kind kind;
	struct cfg_loc loc;
	struct cfg_place target;   /* ASSIGN, STORE, ZERO */
	struct cfg_value value;    /* ASSIGN, STORE, RETURN */
	int call;                  /* CALL: index into cfg.calls */
	bool in_loop;              /* inside a for, while or do body */
	bool fills_table;          /* STORE: one store of a loop that fills every slot of an array
				    * (non-constant index, or a pointer walked over the array) */
	long long fill_first, fill_last; /* the slots such a loop fills, when its counter is
				    * simple (for (i = 0; i < N; i++)); -1 when unknown */
	/* CALL in the body of a counted loop (for (i = C1; i < C2; i++)) whose argument
	 * each_arg (1-based; 0 when none) is element [i] of an array, or its address:
	 * the call acts on elements each_first..each_last, one per iteration; each_every
	 * when every iteration reaches it (no jump leaves the body early, and only a
	 * test that the element is not NULL guards it) */
	long long each_first, each_last;
	int each_arg;
	bool each_every;
	int each_loop;             /* the block that begins the loop's body, which every path
				    * out of the loop passed (the loop runs at least once) */
	bool compound;             /* ASSIGN, STORE: `x |= v`, `x += v`, `x++`: value is the right
				    * operand (nothing for ++ and --), op the operator */
	char op[4];                /* "=" or the compound operator ("|=", "++", ...) */
	bool new_failed;           /* ASSIGN, STORE: the NULL a C++ `new` gives, on the path where
				    * its allocation failed */
};

struct cfg_call {
	char *callee;              /* the function called, e.g. "memset"; NULL for calls through pointers */
	char *macro;               /* the macro whose expansion made the call, e.g. "RtlZeroMemory", or NULL */
	bool callee_in_system_header; /* declared by the WDK or the model, not by the driver */
	bool noreturn;             /* the callee is declared noreturn (KeBugCheckEx) */
	bool undeclared;           /* no header declares the callee: C declared it where it is called,
				    * or entrycheck assumed it (a macro of a missing header, maybe) */
	bool imported;             /* declared __declspec(dllimport) (NTKERNELAPI): a routine of the
				    * kernel the driver declares itself, not one of its own */
	char *scope;               /* a method's class ("DevMonManager" of g_Data.Init()), which
				    * tells apart methods of one name; NULL for other calls */
	struct cfg_value *args;
	size_t nargs;
	struct cfg_place result;   /* the variable the result is assigned to (root NULL when none) */
	struct cfg_place object;   /* a method's object (`reg` of reg.Init(), `this` when implicit);
				    * root NULL for other calls */
	bool object_arrow;         /* called through a pointer: p->Init() */
	struct cfg_place pointer;  /* a call through a function pointer: where the pointer is read
				    * (fp of fp(x) or (*fp)(x), ops->Start of ops->Start(x)); root
				    * NULL for other calls */
	bool result_used;          /* the result is used at all: assigned, tested, passed or returned */
	bool cast_to_void;         /* a statement `(void)f(...)`: the result discarded on purpose */
	bool pointer_of_kit;       /* a call through a member of a structure the kit declares
				    * (a WSK provider's WskCloseSocket) */
	unsigned written_args;     /* a kit routine's arguments its declaration marks as written
				    * (OUT, _Out_, _Inout_): bit a for argument a, 0-based */
	struct cfg_loc loc;
	char *text;                /* the call as written, whitespace removed, for messages */
};

/* What a branch block tests, folded so that the TRUE successor is the
 * outcome named: `if (!NT_SUCCESS(s))` becomes COND_SUCCESS on s with the
 * successors swapped. A condition on a call result (`if (NT_SUCCESS(F()))`)
 * tests a synthetic variable "@N" assigned by call N. */
enum cfg_cond_kind {
	COND_NONE,                 /* not a branch: succ[0] only */
	COND_OTHER,                /* a condition we do not model: both ways possible */
	COND_SUCCESS,              /* NT_SUCCESS(v), v >= 0, v == STATUS_SUCCESS (or any *_SUCCESS) */
	COND_NONNULL,              /* v, v != NULL, !v swapped, v == NULL swapped */
	COND_SWITCH,               /* a switch: succ holds one block per case, then default */
	COND_COMPARE,              /* `a op b` of integers, each a variable or a constant (a loop's
				    * bound, a count of what was done) */
	COND_ADDRESS,              /* `v == &x` (op "==") or `v != &x` (op "!="): the pointer v
				    * against the address of the variable x (var2) */
	COND_BITS,                 /* `v & K` (op "!=": some bit of the constant mask K, `value`, is
				    * set) or `(v & K) == 0` (op "==": none is), `(v & K) == K`
				    * (op ">=": all are) or `!= K` (op "<"): a flag word; with var2,
				    * `v & var2` of two variables, the mask the one the path knows
				    * (for ">=" and "<" var2 only) */
};

struct cfg_cond {
	enum cfg_cond_kind kind;
	char *var;                 /* the variable tested, for SUCCESS and NONNULL */
	bool var_global;           /* its root (a compare's: its first operand's) is a file-scope
				    * or static variable: what a test learns of it outlives the
				    * function */
	bool var_pointer;          /* NONNULL of a pointer (not of a flag or a count) */
	char *text;                /* the condition as written */
	struct strvec names;       /* the variables the condition reads, from the AST (also when
				    * the text is a macro's invocation: the macro's own tests count) */
	struct cfg_loc loc;
	bool failure_only;         /* SUCCESS from NT_ERROR(v): the failure successor says v
				    * failed; the other says nothing (v may be a warning) */
	bool equals_success;       /* SUCCESS from `v == X_SUCCESS` (or !=): the success
				    * successor says v is that constant, 0 */
	bool one_failure;          /* failure_only from `v == STATUS_X` of one failure code: the
				    * other successor says nothing of v, not even that it was
				    * looked at (any other failure goes that way too) */
	/* COND_COMPARE: var (or the constant value when var is NULL) op var2 (or value2);
	 * a variable updated in the test compares as its value after the update plus
	 * adjust (`i-- > 0` compares i + 1). */
	char op[3];                /* "<", "<=", ">", ">=", "==", "!=" */
	char *var2;
	long long value, value2;
	long long adjust, adjust2;
};

struct cfg_block {
	unsigned id;
	const char *label;         /* what made the block, for dumps: "entry", "if.then", "for.cond", ... */
	struct cfg_event *events;
	size_t nevents, cap;
	struct cfg_cond cond;
	int *succ;                 /* successors; for COND_SUCCESS/NONNULL/OTHER [0] is TRUE, [1] FALSE */
	size_t nsucc, succ_cap;
	size_t nexcept;            /* the last nexcept of succ are exception edges to the __except or
				    * catch handlers of the innermost try around the block's calls */
	char **cases;              /* COND_SWITCH: the case value as written for each normal successor,
				    * "default" for the last (the block after the switch when there is
				    * no default) */
	long long *case_values;    /* COND_SWITCH: each case's value, where case_known says the
				    * label is an integer constant (not a range, not the default) */
	bool *case_known;
	bool jumps;                /* ends in a goto, a break out of a loop, a __leave, or a return
				    * nested in an `if` or a loop (at jump_loc): what follows it in
				    * the text is skipped on purpose */
	struct cfg_loc jump_loc;
};

struct cfg_param {
	char *name;
	char *type;                /* as spelled, e.g. "PDRIVER_OBJECT" */
	char *canonical_type;      /* e.g. "struct _DRIVER_OBJECT *" */
};

/* A name the function's text reads where the build parsed compiles nothing
 * (quietreads.c): in a block the preprocessor skipped, or in an assertion
 * that expands to nothing. */
struct cfg_quiet_read {
	struct cfg_loc loc;
	char *name;
};

struct cfg {
	char *function;
	struct cfg_loc loc;        /* of the function's name */
	struct cfg_loc end;        /* of the closing brace of its body (line 0 without a body) */
	char *file;                /* owns the main file string the locs borrow */
	struct cfg_param *params;
	size_t nparams;
	char *return_type, *canonical_return_type;
	struct cfg_block *blocks;  /* blocks[entry] starts, blocks[exit] is the single exit */
	size_t nblocks, cap;
	int entry, exit;
	struct cfg_call *calls;
	size_t ncalls, calls_cap;
	int fall_off_call;         /* the call every path that reaches the closing brace made last,
				    * or -1 */
	struct strvec files;       /* string pool for cfg_loc.file and block labels */
	/* The variables outside the function it names that are its file's own:
	 * internal linkage (`static` at file scope, an anonymous namespace) or
	 * none (a `static` local). Another file's variable of the same name is
	 * another variable. */
	struct strvec internals;
	struct cfg_quiet_read *quiet;
	size_t nquiet;
};

/* Builds the graph of the function definition `fn` of `tu`. Never fails: a
 * construct it does not model becomes COND_OTHER or VALUE_UNKNOWN. The caller
 * frees the result with cfg_free. */
struct cfg *cfg_build(CXTranslationUnit tu, CXCursor fn);
void cfg_free(struct cfg *g);
/* Whether the text of `g` reads `name` quietly (see cfg_quiet_read) after
 * `from` and before `to`, both in one file. */
bool cfg_quietly_read_between(const struct cfg *g, const char *name, const struct cfg_loc *from,
			      const struct cfg_loc *to);

/* Whether `call` is of a name no header declares, spelled as macros are
 * (`FREE_BUFFERS(ctx);`): most likely a statement macro of a missing header,
 * whose text may return, jump, or release anything in scope. */
bool cfg_call_unknown_macro(const struct cfg_call *call);
/* Whether argument `arg` (0-based) of the call comes after a format string
 * (a literal holding a `%`): a value printed or formatted (DbgPrintEx's,
 * a logging helper's), which looks at nothing. */
bool cfg_arg_formatted(const struct cfg_call *call, size_t arg);

/* Dumps the graph as text (one block a paragraph: label, events, condition,
 * successors) or as Graphviz DOT; paths are shown relative to `base_dir`. */
void cfg_print_text(FILE *out, const struct cfg *g, const char *base_dir);
void cfg_print_dot(FILE *out, const struct cfg *g, const char *base_dir);

/* InterlockedExchange and its _, 8, 16, 64 and Pointer forms: (&x, v) stores
 * v into x (the graph has that store after the call) and returns what x
 * held. CompareExchange and ExchangeAdd store only sometimes, or a sum: not
 * these. */
bool cfg_is_exchange(const char *callee);
/* InterlockedCompareExchange(&x, v, k) and its 64, Pointer forms: x becomes v
 * when it holds k; the result is what x held. */
bool cfg_is_compare_exchange(const char *callee);
/* The place call `c` exchanges when it is InterlockedCompareExchange(&x, V,
 * K) of two constants (x), else NULL: what the evaluator decides of it
 * (eval/stored.c), and a test of its result reads x's load-time value. */
const struct cfg_place *cfg_compare_exchanged(const struct cfg_call *c);
/* The bit intrinsics, (&x, b) (cfg.c): BitTest and _bittest read bit b of x;
 * BitTestAndSet, InterlockedBitTestAndSet and their _ and 64 forms set it,
 * the AndReset forms clear it; each returns the bit as it was. A flag word
 * kept that way is a flag word (`if (InterlockedBitTestAndReset(&g_Flags,
 * F_REGISTER)) WskDeregister(...)`). */
enum cfg_bit_op { BIT_NONE, BIT_TEST, BIT_SET, BIT_RESET };
/* The call of `g` whose result a test or a result variable names "@N"
 * (cfg/conditions.c), or NULL for any other name. */
const struct cfg_call *cfg_named_call(const struct cfg *g, const char *name);
/* Whether the variable at the root of `name` ("g_State" of "g_State.Flags")
 * is one of g's internals: its file's own. */
bool cfg_owns(const struct cfg *g, const char *name);
enum cfg_bit_op cfg_bit_op(const char *callee);
/* Whether what the call does to its first argument's place is all in the
 * graph: an exchange's or a bit intrinsic's store, or nothing (_bittest). */
bool cfg_call_store_modeled(const struct cfg_call *c);
/* Whether the call only fills its first argument's memory with zeros
 * (RtlZeroMemory, memset with a constant 0, ...). */
bool cfg_call_zeroes(const struct cfg_call *c);

/* The head of the driver's device list (`DriverObject->DeviceObject`, read
 * through whichever variable names the DRIVER_OBJECT): one global place,
 * which the I/O manager fills as devices are created (eval/devices.c). */
#define CFG_DEVICE_LIST "<driver>->DeviceObject"
/* A place's name as evidence shows it: the device list's head and a device
 * extension's members (cfg/aliases.c) as the source writes them. */
char *cfg_alias_readable(const char *name);
/* InterlockedDecrement and its _, 16, 64, Acquire, Release and NoFence forms:
 * the count a reference drop leaves. */
bool cfg_is_decrement(const char *callee);

#endif
