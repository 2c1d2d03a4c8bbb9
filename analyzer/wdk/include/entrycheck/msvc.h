/* SPDX-License-Identifier: Apache-2.0 */
/* What MSVC's dialect gives driver code and mingw-w64 plus clang do not,
 * applied after mingw's headers:
 * - __forceinline is a plain inline specifier, so driver code writes
 *   `static FORCEINLINE`; mingw's macro adds `extern` (GNU inline
 *   semantics), which clang rejects next to `static`. Dropping the macro
 *   leaves clang's own -fms-extensions keyword.
 * - __FUNCTION__ is a string literal that concatenates with its neighbours
 *   (`"|" __FUNCTION__ ": "` in trace macros); to clang it is a variable.
 *   An empty literal keeps such macros parsing; only the text is lost.
 *   So are __FUNCDNAME__ and __FUNCSIG__. Code that picks its name macro by
 *   _MSC_VER (`#ifdef _MSC_VER __FUNCTION__ #else __func__`) takes __func__
 *   here, where mingw's headers need GCC's macros instead, in the same
 *   pasting macros: it gets the same literal.
 *   The kit's headers make __FUNCTIONW__ its wide form (TraceLogging's
 *   TraceLoggingWideString(__FUNCTIONW__, ...)); mingw-w64 has no such macro.
 * - UNREFERENCED_PARAMETER is an expression in the kit's ntdef.h and winnt.h;
 *   mingw's `{(P) = (P);}` is a block, which cannot stand before an `else`
 *   and cannot assign a const parameter.
 * - _ReadWriteBarrier is an intrinsic function (clang knows it as a builtin
 *   in MS mode), which code may declare itself; mingw's macro breaks that.
 * - C_ASSERT is the kit's typedef of an array: MSVC takes FIELD_OFFSET
 *   compared with an address expression as a constant; clang folds that for
 *   a typedef's array bound, but mingw-w64's ntdef.h puts it in a function
 *   declarator's bound, where it is an error. The assertion is read, not
 *   enforced (both bounds are 1): the build enforces it, and here the values
 *   may be entrycheck's guesses for a missing header's constants. */
#ifndef ENTRYCHECK_MSVC_H
#define ENTRYCHECK_MSVC_H
#undef __forceinline
#define __FUNCTION__ ""
#define __FUNCDNAME__ ""
#define __FUNCSIG__ ""
#define __func__ ""
#undef __FUNCTIONW__
#define __FUNCTIONW__ L""
#undef UNREFERENCED_PARAMETER
#define UNREFERENCED_PARAMETER(P) ((void)(P))
#undef _ReadWriteBarrier
#undef C_ASSERT
#define C_ASSERT(e) typedef char __C_ASSERT__[(e) ? 1 : 1]
#endif
