/* SPDX-License-Identifier: Apache-2.0 */
/* entrycheck's model of the kit's <aux_klib.h> (the Auxiliary Kernel-Mode
 * Library), which mingw-w64 lacks: AuxKlibInitialize, which a driver calls
 * in DriverEntry before any other AuxKlib routine, and the module and
 * firmware-table queries. Declarations as Microsoft documents them. */
#ifndef ENTRYCHECK_AUX_KLIB_H
#define ENTRYCHECK_AUX_KLIB_H

#include <wdm.h>
#include <ntimage.h>

#ifdef __cplusplus
extern "C" {
#endif

#define AUX_KLIB_MODULE_PATH_LEN 256

typedef struct _AUX_MODULE_BASIC_INFO {
	PVOID ImageBase;
} AUX_MODULE_BASIC_INFO, *PAUX_MODULE_BASIC_INFO;

typedef struct _AUX_MODULE_EXTENDED_INFO {
	AUX_MODULE_BASIC_INFO BasicInfo;
	ULONG ImageSize;
	USHORT FileNameOffset;
	UCHAR FullPathName[AUX_KLIB_MODULE_PATH_LEN];
} AUX_MODULE_EXTENDED_INFO, *PAUX_MODULE_EXTENDED_INFO;

NTSTATUS NTAPI AuxKlibInitialize(VOID);
NTSTATUS NTAPI AuxKlibQueryModuleInformation(PULONG BufferSize, ULONG ElementSize, PVOID QueryInfo);
PIMAGE_EXPORT_DIRECTORY NTAPI AuxKlibGetImageExportDirectory(PVOID ImageBase);
NTSTATUS NTAPI AuxKlibGetSystemFirmwareTable(ULONG FirmwareTableProviderSignature, ULONG FirmwareTableID,
					     PVOID FirmwareTableBuffer, ULONG BufferLength, PULONG ReturnLength);
NTSTATUS NTAPI AuxKlibEnumerateSystemFirmwareTables(ULONG FirmwareTableProviderSignature,
						    PVOID FirmwareTableBuffer, ULONG BufferLength,
						    PULONG ReturnLength);

#ifdef __cplusplus
}
#endif

#endif
