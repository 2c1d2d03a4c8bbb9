/* SPDX-License-Identifier: Apache-2.0 */
/* Operators a source text strings together, measured before it is parsed.
 * clang's parse of `!!…!x` costs the square of the run's length (its
 * warnings look through the whole operand at each level), and an expression
 * of thousands of operators nests as deep: each level of `a = b = … = x` or
 * `c ? 1 : c ? 2 : …` is a store or a value of its own, read with its whole
 * operand. No real driver writes a run of 20 or an expression of 200. */
#ifndef ENTRYCHECK_FRONT_OPRUNS_H
#define ENTRYCHECK_FRONT_OPRUNS_H

#include <stdbool.h>
#include <stddef.h>

/* Longer runs are not handed to clang: 8,192 costs about a second. */
#define OPRUN_MAX 8192
/* Nor expressions of more operators: an assignment chain of 2,048 about
 * a second. */
#define OPEXPR_MAX 2048

struct opruns {
	size_t run;                  /* the longest run of `! ~ - + * &`, blanks between them allowed */
	unsigned run_line, run_column;
	size_t expr;                 /* the most operators between two of `, ; { }` (or in one
				      * preprocessor line), a run counted once */
	unsigned expr_line, expr_column;
};

/* What an operator of an expression is spelled with: `->`, `<<=` or `?`
 * are one operator each (a run of these characters counts once), `.` and
 * `[` reach into an operand. */
bool opruns_operator_char(char c);

/* Measures `text` outside comments and literals; lines and columns are
 * 1-based, 0 when there is nothing to measure. */
void opruns_measure(const char *text, struct opruns *out);

#endif
