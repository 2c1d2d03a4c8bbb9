/*
 * board.c - early-boot driver for the kiosk's board controller, linked with
 * /ENTRY:BoardInitialize (its .entrycheck.json names that entry point).
 * Mistake: the entry routine has a plain prototype, so Code Analysis and
 * Static Driver Verifier do not know it as a DRIVER_INITIALIZE routine (DE002,
 * which names BoardInitialize in its message and fix).
 */

#include <ntddk.h>

#define BOARD_POOLTAG 'draB'

NTSTATUS BoardInitialize(_In_ PDRIVER_OBJECT DriverObject, _In_ PUNICODE_STRING RegistryPath);

static PVOID g_BoardState;

NTSTATUS
BoardInitialize(                                                // expect-entry: other; expect: DE002
    _In_ PDRIVER_OBJECT DriverObject,
    _In_ PUNICODE_STRING RegistryPath
    )
{
    UNREFERENCED_PARAMETER(DriverObject);
    UNREFERENCED_PARAMETER(RegistryPath);

    g_BoardState = ExAllocatePoolZero(NonPagedPoolNx, 128, BOARD_POOLTAG);
    return g_BoardState != NULL ? STATUS_SUCCESS : STATUS_INSUFFICIENT_RESOURCES;
}
