/*
 * board.c - early-boot driver for the kiosk's board controller, linked with
 * /ENTRY:BoardInitialize (its .entrycheck.json names that entry point). The
 * routine is declared with its role type, so Code Analysis knows it as a
 * DRIVER_INITIALIZE routine although it is not called DriverEntry.
 */

#include <ntddk.h>

#define BOARD_POOLTAG 'draB'

DRIVER_INITIALIZE BoardInitialize;

static PVOID g_BoardState;

NTSTATUS
BoardInitialize(                                                // expect-entry: other
    _In_ PDRIVER_OBJECT DriverObject,
    _In_ PUNICODE_STRING RegistryPath
    )
{
    UNREFERENCED_PARAMETER(DriverObject);
    UNREFERENCED_PARAMETER(RegistryPath);

    g_BoardState = ExAllocatePoolZero(NonPagedPoolNx, 128, BOARD_POOLTAG);
    return g_BoardState != NULL ? STATUS_SUCCESS : STATUS_INSUFFICIENT_RESOURCES;
}
