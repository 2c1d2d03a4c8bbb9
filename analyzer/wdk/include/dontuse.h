/* SPDX-License-Identifier: Apache-2.0 */
/* entrycheck's stand-in for the kit's <dontuse.h>, which marks functions the
 * kit deprecates (banned string routines) so that the compiler warns on them:
 * nothing a DriverEntry check needs. Empty, so that it is not reported missing. */
