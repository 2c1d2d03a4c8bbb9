/* SPDX-License-Identifier: Apache-2.0 */
/* entrycheck's wrapper around mingw-w64's minitape.h (tape miniclass
 * drivers). mingw's copy includes nothing it needs, and it stops at the
 * Windows NT 4 TAPE_INIT_DATA: a tape miniclass's DriverEntry fills a
 * TAPE_INIT_DATA_EX, cleared with TapeClassZeroMemory, and returns what
 * TapeClassInitialize returns. Declared from Microsoft's reference of
 * minitape.h. */
#ifndef ENTRYCHECK_MINITAPE_H
#define ENTRYCHECK_MINITAPE_H

#include <ntddk.h>
#include <ntddtape.h>
#include <srb.h>
#include_next <minitape.h>

#ifdef __cplusplus
extern "C" {
#endif

typedef struct _TAPE_INIT_DATA_EX {
	ULONG InitDataSize;
	TAPE_VERIFY_INQUIRY_ROUTINE VerifyInquiry;
	BOOLEAN QueryModeCapabilitiesPage;
	ULONG MinitapeExtensionSize;
	TAPE_EXTENSION_INIT_ROUTINE ExtensionInit;
	ULONG DefaultTimeOutValue;
	TAPE_ERROR_ROUTINE TapeError;
	ULONG CommandExtensionSize;
	TAPE_PROCESS_COMMAND_ROUTINE CreatePartition;
	TAPE_PROCESS_COMMAND_ROUTINE Erase;
	TAPE_PROCESS_COMMAND_ROUTINE GetDriveParameters;
	TAPE_PROCESS_COMMAND_ROUTINE GetMediaParameters;
	TAPE_PROCESS_COMMAND_ROUTINE GetPosition;
	TAPE_PROCESS_COMMAND_ROUTINE GetStatus;
	TAPE_PROCESS_COMMAND_ROUTINE Prepare;
	TAPE_PROCESS_COMMAND_ROUTINE SetDriveParameters;
	TAPE_PROCESS_COMMAND_ROUTINE SetMediaParameters;
	TAPE_PROCESS_COMMAND_ROUTINE SetPosition;
	TAPE_PROCESS_COMMAND_ROUTINE WriteMarks;
	TAPE_PROCESS_COMMAND_ROUTINE PreProcessReadWrite;
	TAPE_PROCESS_COMMAND_ROUTINE TapeGetMediaTypes;
	ULONG MediaTypesSupported;
	TAPE_PROCESS_COMMAND_ROUTINE TapeWMIOperations;
	ULONG Reserved[2];
} TAPE_INIT_DATA_EX, *PTAPE_INIT_DATA_EX;

ULONG TapeClassInitialize(PVOID Argument1, PVOID Argument2, PTAPE_INIT_DATA_EX TapeInitData);
VOID TapeClassZeroMemory(PVOID Buffer, ULONG BufferSize);
ULONG TapeClassCompareMemory(PVOID Source1, PVOID Source2, ULONG Length);
BOOLEAN TapeClassAllocateSrbBuffer(PSCSI_REQUEST_BLOCK Srb, ULONG SrbBufferSize);

#ifdef __cplusplus
}
#endif

#endif /* ENTRYCHECK_MINITAPE_H */
