/*++

Module Name:

    driver.c

Abstract:

    DriverEntry for vstor.sys.

    A Storport miniport does not own its unload routine: StorPortInitialize
    installs Storport's dispatch table and DriverUnload.  All per-adapter
    resources are therefore allocated in HwFindAdapter and released in
    HwFreeAdapterResources, and DriverEntry itself acquires nothing that
    would need undoing: the registry strings are read into static,
    caller-supplied buffers (RtlQueryRegistryValues only allocates when
    the UNICODE_STRING it is given has a NULL Buffer).

--*/

#include "vstor.h"

VSTOR_DRIVER_CONFIG g_VsConfig;

//
// Static receive buffers for the REG_SZ values.
//
static WCHAR g_ProductIdBuffer[VSTOR_PRODUCT_CHARS + 1];
static WCHAR g_SerialBuffer[17];

static VOID VsReadConfig(_In_ PUNICODE_STRING RegistryPath);
static VOID VsPadAscii(_Out_writes_(Chars) PCHAR Dest, _In_ ULONG Chars, _In_ PCUNICODE_STRING Src, _In_z_ PCSTR Fallback);

#ifdef ALLOC_PRAGMA
#pragma alloc_text(INIT, DriverEntry)
#pragma alloc_text(INIT, VsReadConfig)
#pragma alloc_text(INIT, VsPadAscii)
#endif

//
// Copy a UTF-16 registry string into a fixed-width, space-padded ASCII
// field as used by INQUIRY data.  Non-ASCII characters become '_'.
//
static
VOID
VsPadAscii(
    _Out_writes_(Chars) PCHAR Dest,
    _In_ ULONG Chars,
    _In_ PCUNICODE_STRING Src,
    _In_z_ PCSTR Fallback
    )
{
    ULONG i;
    ULONG srcChars = Src->Length / sizeof(WCHAR);

    if (srcChars == 0) {
        for (i = 0; i < Chars && Fallback[i] != '\0'; i++) {
            Dest[i] = Fallback[i];
        }
    } else {
        for (i = 0; i < Chars && i < srcChars; i++) {
            WCHAR c = Src->Buffer[i];
            Dest[i] = (c >= 0x20 && c < 0x7F) ? (CHAR)c : '_';
        }
    }

    for (; i < Chars; i++) {
        Dest[i] = ' ';
    }
}

static
VOID
VsReadConfig(
    _In_ PUNICODE_STRING RegistryPath
    )
{
    RTL_QUERY_REGISTRY_TABLE table[5];
    WCHAR path[256];
    ULONG sizeMB = VSTOR_DEFAULT_SIZE_MB;
    ULONG readOnly = 0;
    UNICODE_STRING productId;
    UNICODE_STRING serial;
    NTSTATUS status;

    //
    // RTL_REGISTRY_ABSOLUTE needs a NUL-terminated path and RegistryPath
    // is a counted string, so take a terminated copy on the stack.
    //
    status = RtlStringCchCopyNW(path, RTL_NUMBER_OF(path),
                                RegistryPath->Buffer,
                                RegistryPath->Length / sizeof(WCHAR));
    if (!NT_SUCCESS(status)) {
        VsError("service key path too long, using defaults");
        path[0] = L'\0';
    }

    //
    // Caller-owned buffers: RtlQueryRegistryValues copies into them and
    // fails the entry with STATUS_BUFFER_TOO_SMALL if the value is longer,
    // instead of allocating.  One WCHAR is kept free for the terminator.
    //
    productId.Buffer = g_ProductIdBuffer;
    productId.Length = 0;
    productId.MaximumLength = sizeof(g_ProductIdBuffer);

    serial.Buffer = g_SerialBuffer;
    serial.Length = 0;
    serial.MaximumLength = sizeof(g_SerialBuffer);

    RtlZeroMemory(table, sizeof(table));

    table[0].Flags = RTL_QUERY_REGISTRY_SUBKEY;
    table[0].Name = L"Parameters\\Device";

    table[1].Flags = RTL_QUERY_REGISTRY_DIRECT | RTL_QUERY_REGISTRY_TYPECHECK;
    table[1].Name = L"DiskSizeMB";
    table[1].EntryContext = &sizeMB;
    table[1].DefaultType = (REG_DWORD << RTL_QUERY_REGISTRY_TYPECHECK_SHIFT) | REG_NONE;

    table[2].Flags = RTL_QUERY_REGISTRY_DIRECT | RTL_QUERY_REGISTRY_TYPECHECK;
    table[2].Name = L"ReadOnly";
    table[2].EntryContext = &readOnly;
    table[2].DefaultType = (REG_DWORD << RTL_QUERY_REGISTRY_TYPECHECK_SHIFT) | REG_NONE;

    table[3].Flags = RTL_QUERY_REGISTRY_DIRECT | RTL_QUERY_REGISTRY_TYPECHECK;
    table[3].Name = L"ProductId";
    table[3].EntryContext = &productId;
    table[3].DefaultType = (REG_SZ << RTL_QUERY_REGISTRY_TYPECHECK_SHIFT) | REG_NONE;

    //
    // table[4] stays zeroed: terminator.  The serial number is optional
    // and read in a second query so that a too-long ProductId does not
    // prevent it from being picked up.
    //
    status = (path[0] != L'\0') ?
             RtlQueryRegistryValues(RTL_REGISTRY_ABSOLUTE | RTL_REGISTRY_OPTIONAL,
                                    path,
                                    table,
                                    NULL,
                                    NULL) : STATUS_OBJECT_NAME_INVALID;
    if (!NT_SUCCESS(status)) {
        VsError("Parameters\\Device query: 0x%08X, using defaults", status);
        productId.Length = 0;
    }

    RtlZeroMemory(&table[1], sizeof(table) - sizeof(table[0]));
    table[1].Flags = RTL_QUERY_REGISTRY_DIRECT | RTL_QUERY_REGISTRY_TYPECHECK;
    table[1].Name = L"SerialNumber";
    table[1].EntryContext = &serial;
    table[1].DefaultType = (REG_SZ << RTL_QUERY_REGISTRY_TYPECHECK_SHIFT) | REG_NONE;

    status = (path[0] != L'\0') ?
             RtlQueryRegistryValues(RTL_REGISTRY_ABSOLUTE | RTL_REGISTRY_OPTIONAL,
                                    path,
                                    table,
                                    NULL,
                                    NULL) : STATUS_OBJECT_NAME_INVALID;
    if (!NT_SUCCESS(status)) {
        serial.Length = 0;
    }

    if (sizeMB == 0 || sizeMB > VSTOR_MAX_SIZE_MB) {
        sizeMB = VSTOR_DEFAULT_SIZE_MB;
    }

    g_VsConfig.DiskSizeMB = sizeMB;
    g_VsConfig.ReadOnly = (readOnly != 0);

    VsPadAscii(g_VsConfig.ProductId, VSTOR_PRODUCT_CHARS, &productId, "RAM DISK");
    g_VsConfig.ProductId[VSTOR_PRODUCT_CHARS] = '\0';

    VsPadAscii(g_VsConfig.SerialNumber, 16, &serial, "0000000000000001");
    g_VsConfig.SerialNumber[16] = '\0';
}

_Use_decl_annotations_
NTSTATUS
DriverEntry(
    PDRIVER_OBJECT DriverObject,
    PUNICODE_STRING RegistryPath
    )
{
    VIRTUAL_HW_INITIALIZATION_DATA hwInit;
    NTSTATUS status;

    RtlZeroMemory(&g_VsConfig, sizeof(g_VsConfig));

    //
    // RegistryPath is only used while DriverEntry runs; everything
    // needed later is copied into g_VsConfig.
    //
    VsReadConfig(RegistryPath);

    RtlZeroMemory(&hwInit, sizeof(hwInit));

    hwInit.HwInitializationDataSize = sizeof(VIRTUAL_HW_INITIALIZATION_DATA);
    hwInit.AdapterInterfaceType = Internal;

    hwInit.HwInitialize = VsHwInitialize;
    hwInit.HwStartIo = VsHwStartIo;
    hwInit.HwFindAdapter = VsHwFindAdapter;
    hwInit.HwResetBus = VsHwResetBus;
    hwInit.HwAdapterControl = VsHwAdapterControl;
    hwInit.HwFreeAdapterResources = VsHwFreeAdapterResources;
    hwInit.HwProcessServiceRequest = VsHwProcessServiceRequest;
    hwInit.HwCompleteServiceIrp = VsHwCompleteServiceIrp;

    hwInit.DeviceExtensionSize = sizeof(VSTOR_ADAPTER);
    hwInit.SpecificLuExtensionSize = 0;
    hwInit.SrbExtensionSize = 0;

    hwInit.MapBuffers = STOR_MAP_ALL_BUFFERS_INCLUDING_READ_WRITE;
    hwInit.TaggedQueuing = TRUE;
    hwInit.AutoRequestSense = TRUE;
    hwInit.MultipleRequestPerLu = TRUE;

    status = (NTSTATUS)StorPortInitialize(DriverObject,
                                          RegistryPath,
                                          (PHW_INITIALIZATION_DATA)&hwInit,
                                          NULL);
    if (!NT_SUCCESS(status)) {
        VsError("StorPortInitialize: 0x%08X", status);
    }

    //
    // Storport's own status is what the I/O manager must see; Storport
    // has already installed its unload routine on success.
    //
    return status;
}
