/* SPDX-License-Identifier: Apache-2.0 */
/* entrycheck's <wdfminiport.h>: the KMDF miniport entry points
 * (WdfDriverMiniportUnload, ...), which entrycheck's <wdf.h> declares. */
#include <wdf.h>
