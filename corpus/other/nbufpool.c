/*
 * nbufpool.c - export driver shared by the team's NDIS filter and miniport:
 * it keeps one lookaside list of receive-copy buffers that both import.
 * It is loaded as a dependency, so DriverEntry only sets the list up.
 *
 * Written in NDIS style, DriverEntry returns NDIS_STATUS: NDIS_STATUS is
 * an int and NTSTATUS a LONG, the same 32-bit type on every Windows ABI.
 */

#include <ndis.h>

#define NBUF_TAG   'lPbN'
#define NBUF_SIZE  2048

static NPAGED_LOOKASIDE_LIST NbufLookaside;

_Function_class_(DRIVER_INITIALIZE)
NDIS_STATUS
DriverEntry(                                                    // expect-entry: other
    PDRIVER_OBJECT DriverObject,
    PUNICODE_STRING RegistryPath
    )
{
    UNREFERENCED_PARAMETER(DriverObject);
    UNREFERENCED_PARAMETER(RegistryPath);

    ExInitializeNPagedLookasideList(&NbufLookaside, NULL, NULL, 0, NBUF_SIZE, NBUF_TAG, 0);

    return NDIS_STATUS_SUCCESS;
}

__declspec(dllexport)
PVOID
NbufAllocate(
    VOID
    )
{
    return ExAllocateFromNPagedLookasideList(&NbufLookaside);
}

__declspec(dllexport)
VOID
NbufFree(
    _In_ PVOID Buffer
    )
{
    ExFreeToNPagedLookasideList(&NbufLookaside, Buffer);
}
