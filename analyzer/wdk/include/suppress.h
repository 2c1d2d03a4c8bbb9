/* SPDX-License-Identifier: Apache-2.0 */
/* entrycheck's stand-in for the kit's <suppress.h>, which holds Code Analysis
 * suppression macros for the samples: nothing a DriverEntry check needs. Empty,
 * so that it is not reported missing. */
