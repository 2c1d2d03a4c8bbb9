/* SPDX-License-Identifier: Apache-2.0 */
/* The one table of rule kinds, in the order rules/schema.json lists them
 * (tests/check_rules.c holds the two together). */
#include "kinds/table.h"

#include "kinds/shared.h"

static const struct kind *const kinds[] = {
	&kind_signature,          &kind_role_declaration,     &kind_c_linkage,
	&kind_escapes_without_copy, &kind_status_lost,        &kind_cleanup_on_failure,
	&kind_require_call,       &kind_guarded_by_success,   &kind_no_success_after_failure,
	&kind_returns_status_of,  &kind_assigns_field,        &kind_paired_fields,
	&kind_forbids_field,      &kind_init_before_use,      &kind_store_before_init,
	&kind_checked_before_use, &kind_fields_together,      &kind_order,
	&kind_struct_fields,      &kind_dispatch_role,        &kind_extension_size,
	&kind_attributes_passed,  &kind_wdf_nonpnp,           &kind_model_note,
	&kind_falls_off_end,      &kind_dispatch_index,       &kind_routine_role,
	&kind_teardown_in_unload, &kind_section_lifetime,     &kind_nothing_left,
	&kind_local_kept,         &kind_used_after_release,   &kind_abandoned_after_failure,
	&kind_clears_flag,        &kind_frees_owned,          &kind_release_mismatch,
	&kind_callback_must_call, &kind_lost_at_return,   &kind_table_end,
};

const struct kind_table kind_table = { kinds, sizeof(kinds) / sizeof(*kinds) };
