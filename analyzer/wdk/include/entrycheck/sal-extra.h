/* SPDX-License-Identifier: Apache-2.0 */
/* entrycheck's model of the driver SAL annotations (sal.h / driverspecs.h)
 * that real driver sources use but mingw-w64 does not define.  Written from
 * the documented annotation names; every one expands to nothing and is only
 * defined when mingw (or a real WDK) has not already defined it. */
#ifndef ENTRYCHECK_SAL_EXTRA_H
#define ENTRYCHECK_SAL_EXTRA_H

/* --- IRQL and function-class annotations ------------------------------ */
#ifndef _Dispatch_type_
#define _Dispatch_type_(x)
#endif
#ifndef __drv_dispatchType
#define __drv_dispatchType(x)
#endif
#ifndef __drv_dispatchType_other
#define __drv_dispatchType_other
#endif
#ifndef _IRQL_requires_max_
#define _IRQL_requires_max_(x)
#endif
#ifndef _IRQL_requires_min_
#define _IRQL_requires_min_(x)
#endif
#ifndef _IRQL_requires_
#define _IRQL_requires_(x)
#endif
#ifndef _IRQL_requires_same_
#define _IRQL_requires_same_
#endif
#ifndef _IRQL_raises_
#define _IRQL_raises_(x)
#endif
#ifndef _IRQL_saves_
#define _IRQL_saves_
#endif
#ifndef _IRQL_restores_
#define _IRQL_restores_
#endif
#ifndef _IRQL_always_function_min_
#define _IRQL_always_function_min_(x)
#endif
#ifndef _IRQL_always_function_max_
#define _IRQL_always_function_max_(x)
#endif
#ifndef _IRQL_saves_global_
#define _IRQL_saves_global_(kind, param)
#endif
#ifndef _IRQL_restores_global_
#define _IRQL_restores_global_(kind, param)
#endif
#ifndef _IRQL_uses_cancel_
#define _IRQL_uses_cancel_
#endif
#ifndef _IRQL_is_cancel_
#define _IRQL_is_cancel_
#endif
#ifndef _Function_class_
#define _Function_class_(x)
#endif
#ifndef __drv_functionClass
#define __drv_functionClass(x)
#endif
#ifndef __drv_maxIRQL
#define __drv_maxIRQL(x)
#endif
#ifndef __drv_minIRQL
#define __drv_minIRQL(x)
#endif
#ifndef __drv_requiresIRQL
#define __drv_requiresIRQL(x)
#endif
#ifndef __drv_sameIRQL
#define __drv_sameIRQL
#endif
#ifndef __drv_setsIRQL
#define __drv_setsIRQL(x)
#endif
#ifndef __drv_raisesIRQL
#define __drv_raisesIRQL(x)
#endif
#ifndef __drv_savesIRQL
#define __drv_savesIRQL
#endif
#ifndef __drv_restoresIRQL
#define __drv_restoresIRQL
#endif
#ifndef __drv_isCancelIRQL
#define __drv_isCancelIRQL
#endif

/* --- kernel resource / lock / float annotations ----------------------- */
#ifndef _Kernel_requires_resource_held_
#define _Kernel_requires_resource_held_(x)
#endif
#ifndef _Kernel_requires_resource_not_held_
#define _Kernel_requires_resource_not_held_(x)
#endif
#ifndef _Kernel_acquires_resource_
#define _Kernel_acquires_resource_(x)
#endif
#ifndef _Kernel_releases_resource_
#define _Kernel_releases_resource_(x)
#endif
#ifndef _Kernel_clear_do_init_
#define _Kernel_clear_do_init_(x)
#endif
#ifndef _Kernel_float_saved_
#define _Kernel_float_saved_
#endif
#ifndef _Kernel_float_restored_
#define _Kernel_float_restored_
#endif
#ifndef _Kernel_float_used_
#define _Kernel_float_used_
#endif
#ifndef __drv_mustHold
#define __drv_mustHold(x)
#endif
#ifndef __drv_innerMustHoldGlobal
#define __drv_innerMustHoldGlobal(kind, name)
#endif
#ifndef __drv_acquiresResource
#define __drv_acquiresResource(x)
#endif
#ifndef __drv_releasesResource
#define __drv_releasesResource(x)
#endif
#ifndef __drv_mustHoldCriticalRegion
#define __drv_mustHoldCriticalRegion
#endif
#ifndef __drv_neverHoldCriticalRegion
#define __drv_neverHoldCriticalRegion
#endif
#ifndef __drv_acquiresCriticalRegion
#define __drv_acquiresCriticalRegion
#endif
#ifndef __drv_releasesCriticalRegion
#define __drv_releasesCriticalRegion
#endif
#ifndef __drv_inTry
#define __drv_inTry
#endif
#ifndef __drv_clearDoInit
#define __drv_clearDoInit(x)
#endif
#ifndef __drv_floatUsed
#define __drv_floatUsed
#endif
#ifndef __drv_floatSaved
#define __drv_floatSaved
#endif
#ifndef __drv_floatRestored
#define __drv_floatRestored
#endif
#ifndef __drv_strictTypeMatch
#define __drv_strictTypeMatch(mode)
#endif
#ifndef __drv_strictType
#define __drv_strictType(type, mode)
#endif
#ifndef __drv_preferredFunction
#define __drv_preferredFunction(func, why)
#endif
#ifndef __drv_reportError
#define __drv_reportError(why)
#endif
#ifndef __drv_isObjectPointer
#define __drv_isObjectPointer
#endif
#ifndef __drv_interlocked
#define __drv_interlocked
#endif
#ifndef __drv_aliasesMem
#define __drv_aliasesMem
#endif
#ifndef __drv_freesMem
#define __drv_freesMem(kind)
#endif
#ifndef __drv_allocatesMem
#define __drv_allocatesMem(kind)
#endif
#ifndef __drv_when
#define __drv_when(cond, annos)
#endif
#ifndef __drv_at
#define __drv_at(expr, annos)
#endif

/* --- general SAL 2 annotations used by driver code -------------------- */
#ifndef _Use_decl_annotations_
#define _Use_decl_annotations_
#endif
#ifndef _Must_inspect_result_
#define _Must_inspect_result_
#endif
#ifndef _Must_inspect_impl_
#define _Must_inspect_impl_
#endif
#ifndef _When_
#define _When_(cond, annos)
#endif
#ifndef _At_
#define _At_(expr, annos)
#endif
#ifndef _At_buffer_
#define _At_buffer_(expr, it, size, annos)
#endif
#ifndef _Outptr_result_maybenull_
#define _Outptr_result_maybenull_
#endif
#ifndef _Inout_updates_bytes_
#define _Inout_updates_bytes_(size)
#endif
#ifndef _Post_invalid_
#define _Post_invalid_
#endif
#ifndef _Post_ptr_invalid_
#define _Post_ptr_invalid_
#endif
#ifndef _Frees_ptr_
#define _Frees_ptr_
#endif
#ifndef _Frees_ptr_opt_
#define _Frees_ptr_opt_
#endif
#ifndef _Interlocked_operand_
#define _Interlocked_operand_
#endif
#ifndef _Notnull_
#define _Notnull_
#endif
#ifndef _Maybenull_
#define _Maybenull_
#endif
#ifndef _Pre_maybenull_
#define _Pre_maybenull_
#endif
#ifndef _Post_notnull_
#define _Post_notnull_
#endif
#ifndef _Post_maybenull_
#define _Post_maybenull_
#endif
#ifndef _Post_null_
#define _Post_null_
#endif
#ifndef _Enum_is_bitflag_
#define _Enum_is_bitflag_
#endif
#ifndef _Pre_
#define _Pre_
#endif
#ifndef _Post_
#define _Post_
#endif
#ifndef _Deref_pre_
#define _Deref_pre_
#endif
#ifndef _Deref_post_
#define _Deref_post_
#endif
#ifndef _Pre_valid_
#define _Pre_valid_
#endif
#ifndef _Post_valid_
#define _Post_valid_
#endif
#ifndef _Valid_
#define _Valid_
#endif
#ifndef _Inexpressible_
#define _Inexpressible_(x)
#endif
#ifndef _Old_
#define _Old_(x) x
#endif
#ifndef _Pre_defensive_
#define _Pre_defensive_
#endif
#ifndef _Post_defensive_
#define _Post_defensive_
#endif
#ifndef _Lock_kind_mutex_
#define _Lock_kind_mutex_
#endif
#ifndef _Lock_kind_event_
#define _Lock_kind_event_
#endif
#ifndef _Lock_kind_semaphore_
#define _Lock_kind_semaphore_
#endif
#ifndef _Lock_kind_spin_lock_
#define _Lock_kind_spin_lock_
#endif
#ifndef _Lock_kind_critical_section_
#define _Lock_kind_critical_section_
#endif
#ifndef _Analysis_assume_
#define _Analysis_assume_(expr)
#endif
#ifndef __analysis_assume
#define __analysis_assume(expr)
#endif
#ifndef __success
#define __success(expr)
#endif
#ifndef _Success_
#define _Success_(expr)
#endif

/* --- SAL 1 buffer annotations (specstrings.h): __[deref_[opt_]](in|out|inout)
 * [_bcount|_ecount[_part|_full](size[, length])|_xcount(size)|_z|_nz][_opt],
 * the ones mingw-w64 lacks, as older drivers' prototypes still spell them. */
#ifndef __in_bcount_opt
#define __in_bcount_opt(size)
#endif
#ifndef __in_ecount_opt
#define __in_ecount_opt(size)
#endif
#ifndef __in_bcount_part
#define __in_bcount_part(size, length)
#endif
#ifndef __in_bcount_part_opt
#define __in_bcount_part_opt(size, length)
#endif
#ifndef __in_ecount_part
#define __in_ecount_part(size, length)
#endif
#ifndef __in_ecount_part_opt
#define __in_ecount_part_opt(size, length)
#endif
#ifndef __in_bcount_full
#define __in_bcount_full(size)
#endif
#ifndef __in_bcount_full_opt
#define __in_bcount_full_opt(size)
#endif
#ifndef __in_ecount_full
#define __in_ecount_full(size)
#endif
#ifndef __in_ecount_full_opt
#define __in_ecount_full_opt(size)
#endif
#ifndef __in_xcount
#define __in_xcount(size)
#endif
#ifndef __in_xcount_opt
#define __in_xcount_opt(size)
#endif
#ifndef __in_z
#define __in_z
#endif
#ifndef __in_z_opt
#define __in_z_opt
#endif
#ifndef __in_nz
#define __in_nz
#endif
#ifndef __in_nz_opt
#define __in_nz_opt
#endif
#ifndef __out_bcount_opt
#define __out_bcount_opt(size)
#endif
#ifndef __out_ecount_opt
#define __out_ecount_opt(size)
#endif
#ifndef __out_bcount_part_opt
#define __out_bcount_part_opt(size, length)
#endif
#ifndef __out_ecount_part_opt
#define __out_ecount_part_opt(size, length)
#endif
#ifndef __out_bcount_full_opt
#define __out_bcount_full_opt(size)
#endif
#ifndef __out_ecount_full_opt
#define __out_ecount_full_opt(size)
#endif
#ifndef __out_xcount
#define __out_xcount(size)
#endif
#ifndef __out_xcount_opt
#define __out_xcount_opt(size)
#endif
#ifndef __out_z
#define __out_z
#endif
#ifndef __out_z_opt
#define __out_z_opt
#endif
#ifndef __out_nz
#define __out_nz
#endif
#ifndef __out_nz_opt
#define __out_nz_opt
#endif
#ifndef __inout_bcount_opt
#define __inout_bcount_opt(size)
#endif
#ifndef __inout_ecount_opt
#define __inout_ecount_opt(size)
#endif
#ifndef __inout_bcount_part_opt
#define __inout_bcount_part_opt(size, length)
#endif
#ifndef __inout_ecount_part_opt
#define __inout_ecount_part_opt(size, length)
#endif
#ifndef __inout_bcount_full_opt
#define __inout_bcount_full_opt(size)
#endif
#ifndef __inout_ecount_full_opt
#define __inout_ecount_full_opt(size)
#endif
#ifndef __inout_xcount
#define __inout_xcount(size)
#endif
#ifndef __inout_xcount_opt
#define __inout_xcount_opt(size)
#endif
#ifndef __inout_z
#define __inout_z
#endif
#ifndef __inout_z_opt
#define __inout_z_opt
#endif
#ifndef __inout_nz
#define __inout_nz
#endif
#ifndef __inout_nz_opt
#define __inout_nz_opt
#endif
#ifndef __deref_in
#define __deref_in
#endif
#ifndef __deref_in_opt
#define __deref_in_opt
#endif
#ifndef __deref_in_bcount
#define __deref_in_bcount(size)
#endif
#ifndef __deref_in_bcount_opt
#define __deref_in_bcount_opt(size)
#endif
#ifndef __deref_in_ecount
#define __deref_in_ecount(size)
#endif
#ifndef __deref_in_ecount_opt
#define __deref_in_ecount_opt(size)
#endif
#ifndef __deref_in_bcount_part
#define __deref_in_bcount_part(size, length)
#endif
#ifndef __deref_in_bcount_part_opt
#define __deref_in_bcount_part_opt(size, length)
#endif
#ifndef __deref_in_ecount_part
#define __deref_in_ecount_part(size, length)
#endif
#ifndef __deref_in_ecount_part_opt
#define __deref_in_ecount_part_opt(size, length)
#endif
#ifndef __deref_in_bcount_full
#define __deref_in_bcount_full(size)
#endif
#ifndef __deref_in_bcount_full_opt
#define __deref_in_bcount_full_opt(size)
#endif
#ifndef __deref_in_ecount_full
#define __deref_in_ecount_full(size)
#endif
#ifndef __deref_in_ecount_full_opt
#define __deref_in_ecount_full_opt(size)
#endif
#ifndef __deref_in_xcount
#define __deref_in_xcount(size)
#endif
#ifndef __deref_in_xcount_opt
#define __deref_in_xcount_opt(size)
#endif
#ifndef __deref_in_z
#define __deref_in_z
#endif
#ifndef __deref_in_z_opt
#define __deref_in_z_opt
#endif
#ifndef __deref_in_nz
#define __deref_in_nz
#endif
#ifndef __deref_in_nz_opt
#define __deref_in_nz_opt
#endif
#ifndef __deref_out_bcount
#define __deref_out_bcount(size)
#endif
#ifndef __deref_out_bcount_opt
#define __deref_out_bcount_opt(size)
#endif
#ifndef __deref_out_ecount_opt
#define __deref_out_ecount_opt(size)
#endif
#ifndef __deref_out_bcount_part
#define __deref_out_bcount_part(size, length)
#endif
#ifndef __deref_out_bcount_part_opt
#define __deref_out_bcount_part_opt(size, length)
#endif
#ifndef __deref_out_ecount_part
#define __deref_out_ecount_part(size, length)
#endif
#ifndef __deref_out_ecount_part_opt
#define __deref_out_ecount_part_opt(size, length)
#endif
#ifndef __deref_out_bcount_full
#define __deref_out_bcount_full(size)
#endif
#ifndef __deref_out_bcount_full_opt
#define __deref_out_bcount_full_opt(size)
#endif
#ifndef __deref_out_ecount_full
#define __deref_out_ecount_full(size)
#endif
#ifndef __deref_out_ecount_full_opt
#define __deref_out_ecount_full_opt(size)
#endif
#ifndef __deref_out_xcount
#define __deref_out_xcount(size)
#endif
#ifndef __deref_out_xcount_opt
#define __deref_out_xcount_opt(size)
#endif
#ifndef __deref_out_z
#define __deref_out_z
#endif
#ifndef __deref_out_z_opt
#define __deref_out_z_opt
#endif
#ifndef __deref_out_nz
#define __deref_out_nz
#endif
#ifndef __deref_out_nz_opt
#define __deref_out_nz_opt
#endif
#ifndef __deref_inout
#define __deref_inout
#endif
#ifndef __deref_inout_opt
#define __deref_inout_opt
#endif
#ifndef __deref_inout_bcount
#define __deref_inout_bcount(size)
#endif
#ifndef __deref_inout_bcount_opt
#define __deref_inout_bcount_opt(size)
#endif
#ifndef __deref_inout_ecount
#define __deref_inout_ecount(size)
#endif
#ifndef __deref_inout_ecount_opt
#define __deref_inout_ecount_opt(size)
#endif
#ifndef __deref_inout_bcount_part
#define __deref_inout_bcount_part(size, length)
#endif
#ifndef __deref_inout_bcount_part_opt
#define __deref_inout_bcount_part_opt(size, length)
#endif
#ifndef __deref_inout_ecount_part
#define __deref_inout_ecount_part(size, length)
#endif
#ifndef __deref_inout_ecount_part_opt
#define __deref_inout_ecount_part_opt(size, length)
#endif
#ifndef __deref_inout_bcount_full
#define __deref_inout_bcount_full(size)
#endif
#ifndef __deref_inout_bcount_full_opt
#define __deref_inout_bcount_full_opt(size)
#endif
#ifndef __deref_inout_ecount_full
#define __deref_inout_ecount_full(size)
#endif
#ifndef __deref_inout_ecount_full_opt
#define __deref_inout_ecount_full_opt(size)
#endif
#ifndef __deref_inout_xcount
#define __deref_inout_xcount(size)
#endif
#ifndef __deref_inout_xcount_opt
#define __deref_inout_xcount_opt(size)
#endif
#ifndef __deref_inout_z
#define __deref_inout_z
#endif
#ifndef __deref_inout_z_opt
#define __deref_inout_z_opt
#endif
#ifndef __deref_inout_nz
#define __deref_inout_nz
#endif
#ifndef __deref_inout_nz_opt
#define __deref_inout_nz_opt
#endif
#ifndef __deref_opt_in
#define __deref_opt_in
#endif
#ifndef __deref_opt_in_opt
#define __deref_opt_in_opt
#endif
#ifndef __deref_opt_in_bcount
#define __deref_opt_in_bcount(size)
#endif
#ifndef __deref_opt_in_bcount_opt
#define __deref_opt_in_bcount_opt(size)
#endif
#ifndef __deref_opt_in_ecount
#define __deref_opt_in_ecount(size)
#endif
#ifndef __deref_opt_in_ecount_opt
#define __deref_opt_in_ecount_opt(size)
#endif
#ifndef __deref_opt_in_bcount_part
#define __deref_opt_in_bcount_part(size, length)
#endif
#ifndef __deref_opt_in_bcount_part_opt
#define __deref_opt_in_bcount_part_opt(size, length)
#endif
#ifndef __deref_opt_in_ecount_part
#define __deref_opt_in_ecount_part(size, length)
#endif
#ifndef __deref_opt_in_ecount_part_opt
#define __deref_opt_in_ecount_part_opt(size, length)
#endif
#ifndef __deref_opt_in_bcount_full
#define __deref_opt_in_bcount_full(size)
#endif
#ifndef __deref_opt_in_bcount_full_opt
#define __deref_opt_in_bcount_full_opt(size)
#endif
#ifndef __deref_opt_in_ecount_full
#define __deref_opt_in_ecount_full(size)
#endif
#ifndef __deref_opt_in_ecount_full_opt
#define __deref_opt_in_ecount_full_opt(size)
#endif
#ifndef __deref_opt_in_xcount
#define __deref_opt_in_xcount(size)
#endif
#ifndef __deref_opt_in_xcount_opt
#define __deref_opt_in_xcount_opt(size)
#endif
#ifndef __deref_opt_in_z
#define __deref_opt_in_z
#endif
#ifndef __deref_opt_in_z_opt
#define __deref_opt_in_z_opt
#endif
#ifndef __deref_opt_in_nz
#define __deref_opt_in_nz
#endif
#ifndef __deref_opt_in_nz_opt
#define __deref_opt_in_nz_opt
#endif
#ifndef __deref_opt_out_opt
#define __deref_opt_out_opt
#endif
#ifndef __deref_opt_out_bcount_opt
#define __deref_opt_out_bcount_opt(size)
#endif
#ifndef __deref_opt_out_ecount
#define __deref_opt_out_ecount(size)
#endif
#ifndef __deref_opt_out_ecount_opt
#define __deref_opt_out_ecount_opt(size)
#endif
#ifndef __deref_opt_out_bcount_part
#define __deref_opt_out_bcount_part(size, length)
#endif
#ifndef __deref_opt_out_bcount_part_opt
#define __deref_opt_out_bcount_part_opt(size, length)
#endif
#ifndef __deref_opt_out_ecount_part
#define __deref_opt_out_ecount_part(size, length)
#endif
#ifndef __deref_opt_out_ecount_part_opt
#define __deref_opt_out_ecount_part_opt(size, length)
#endif
#ifndef __deref_opt_out_bcount_full
#define __deref_opt_out_bcount_full(size)
#endif
#ifndef __deref_opt_out_bcount_full_opt
#define __deref_opt_out_bcount_full_opt(size)
#endif
#ifndef __deref_opt_out_ecount_full
#define __deref_opt_out_ecount_full(size)
#endif
#ifndef __deref_opt_out_ecount_full_opt
#define __deref_opt_out_ecount_full_opt(size)
#endif
#ifndef __deref_opt_out_xcount
#define __deref_opt_out_xcount(size)
#endif
#ifndef __deref_opt_out_xcount_opt
#define __deref_opt_out_xcount_opt(size)
#endif
#ifndef __deref_opt_out_z
#define __deref_opt_out_z
#endif
#ifndef __deref_opt_out_z_opt
#define __deref_opt_out_z_opt
#endif
#ifndef __deref_opt_out_nz
#define __deref_opt_out_nz
#endif
#ifndef __deref_opt_out_nz_opt
#define __deref_opt_out_nz_opt
#endif
#ifndef __deref_opt_inout
#define __deref_opt_inout
#endif
#ifndef __deref_opt_inout_opt
#define __deref_opt_inout_opt
#endif
#ifndef __deref_opt_inout_bcount
#define __deref_opt_inout_bcount(size)
#endif
#ifndef __deref_opt_inout_bcount_opt
#define __deref_opt_inout_bcount_opt(size)
#endif
#ifndef __deref_opt_inout_ecount
#define __deref_opt_inout_ecount(size)
#endif
#ifndef __deref_opt_inout_ecount_opt
#define __deref_opt_inout_ecount_opt(size)
#endif
#ifndef __deref_opt_inout_bcount_part
#define __deref_opt_inout_bcount_part(size, length)
#endif
#ifndef __deref_opt_inout_bcount_part_opt
#define __deref_opt_inout_bcount_part_opt(size, length)
#endif
#ifndef __deref_opt_inout_ecount_part
#define __deref_opt_inout_ecount_part(size, length)
#endif
#ifndef __deref_opt_inout_ecount_part_opt
#define __deref_opt_inout_ecount_part_opt(size, length)
#endif
#ifndef __deref_opt_inout_bcount_full
#define __deref_opt_inout_bcount_full(size)
#endif
#ifndef __deref_opt_inout_bcount_full_opt
#define __deref_opt_inout_bcount_full_opt(size)
#endif
#ifndef __deref_opt_inout_ecount_full
#define __deref_opt_inout_ecount_full(size)
#endif
#ifndef __deref_opt_inout_ecount_full_opt
#define __deref_opt_inout_ecount_full_opt(size)
#endif
#ifndef __deref_opt_inout_xcount
#define __deref_opt_inout_xcount(size)
#endif
#ifndef __deref_opt_inout_xcount_opt
#define __deref_opt_inout_xcount_opt(size)
#endif
#ifndef __deref_opt_inout_z
#define __deref_opt_inout_z
#endif
#ifndef __deref_opt_inout_z_opt
#define __deref_opt_inout_z_opt
#endif
#ifndef __deref_opt_inout_nz
#define __deref_opt_inout_nz
#endif
#ifndef __deref_opt_inout_nz_opt
#define __deref_opt_inout_nz_opt
#endif

#endif /* ENTRYCHECK_SAL_EXTRA_H */
