/* SPDX-License-Identifier: Apache-2.0 */
/* entrycheck's overlay of <poclass.h>. mingw-w64 has two: ddk/poclass.h, an
 * old subset that is found first and includes "batclass.h" back, and
 * include/poclass.h, the whole header, with BATTERY_QUERY_INFORMATION_LEVEL
 * and the other battery class types that its batclass.h needs. This reads
 * the whole one, which "../poclass.h" names from mingw-w64's ddk directory
 * (the overlay's own parent has no poclass.h). */
#ifndef ENTRYCHECK_POCLASS_H
#define ENTRYCHECK_POCLASS_H
#include <../poclass.h>
#endif
