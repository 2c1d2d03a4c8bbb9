/*
 * crc32k.c - kernel-mode export driver (DLL) providing table-driven CRC-32C
 * and CRC-32 helpers to other drivers in the product, which link against
 * crc32k.lib and import from crc32k.sys.
 *
 * An export driver is loaded by the memory manager when the first importer
 * loads; DriverEntry is never called then, but the build requires one and
 * it must exist for the rare case where the module is installed as a
 * service for testing. All real initialisation is in DllInitialize.
 */

#include <ntddk.h>

#define CRC32C_POLY_REFLECTED 0x82F63B78UL
#define CRC32_POLY_REFLECTED  0xEDB88320UL

static ULONG Crc32cTable[256];
static ULONG Crc32Table[256];
static BOOLEAN TablesReady;

DRIVER_INITIALIZE DriverEntry;

__declspec(dllexport) NTSTATUS DllInitialize(_In_ PUNICODE_STRING RegistryPath);
__declspec(dllexport) NTSTATUS DllUnload(VOID);
__declspec(dllexport) ULONG Crc32kCrc32c(_In_ ULONG Seed, _In_reads_bytes_(Length) const VOID *Data, _In_ SIZE_T Length);
__declspec(dllexport) ULONG Crc32kCrc32(_In_ ULONG Seed, _In_reads_bytes_(Length) const VOID *Data, _In_ SIZE_T Length);

#ifdef ALLOC_PRAGMA
#pragma alloc_text(INIT, DriverEntry)
#pragma alloc_text(PAGE, DllInitialize)
#pragma alloc_text(PAGE, DllUnload)
#endif

static VOID
Crc32kBuildTable(
    _Out_writes_(256) ULONG *Table,
    _In_ ULONG Polynomial
    )
{
    ULONG i, bit, crc;

    for (i = 0; i < 256; i++) {
        crc = i;
        for (bit = 0; bit < 8; bit++) {
            crc = (crc & 1) ? (crc >> 1) ^ Polynomial : (crc >> 1);
        }
        Table[i] = crc;
    }
}

static ULONG
Crc32kUpdate(
    _In_reads_(256) const ULONG *Table,
    _In_ ULONG Seed,
    _In_reads_bytes_(Length) const VOID *Data,
    _In_ SIZE_T Length
    )
{
    const UCHAR *p = (const UCHAR *)Data;
    ULONG crc = ~Seed;

    while (Length-- != 0) {
        crc = Table[(crc ^ *p++) & 0xFF] ^ (crc >> 8);
    }
    return ~crc;
}

/* Only reached when someone starts crc32k as a service by mistake. */
NTSTATUS
DriverEntry(                                            // expect-entry: other
    _In_ PDRIVER_OBJECT  DriverObject,
    _In_ PUNICODE_STRING RegistryPath
    )
{
    UNREFERENCED_PARAMETER(DriverObject);
    UNREFERENCED_PARAMETER(RegistryPath);

    return STATUS_SUCCESS;
}

NTSTATUS
DllInitialize(
    _In_ PUNICODE_STRING RegistryPath
    )
{
    PAGED_CODE();
    UNREFERENCED_PARAMETER(RegistryPath);

    Crc32kBuildTable(Crc32cTable, CRC32C_POLY_REFLECTED);
    Crc32kBuildTable(Crc32Table, CRC32_POLY_REFLECTED);
    TablesReady = TRUE;
    return STATUS_SUCCESS;
}

NTSTATUS
DllUnload(
    VOID
    )
{
    PAGED_CODE();
    TablesReady = FALSE;
    return STATUS_SUCCESS;
}

ULONG
Crc32kCrc32c(
    _In_ ULONG Seed,
    _In_reads_bytes_(Length) const VOID *Data,
    _In_ SIZE_T Length
    )
{
    NT_ASSERT(TablesReady);
    return Crc32kUpdate(Crc32cTable, Seed, Data, Length);
}

ULONG
Crc32kCrc32(
    _In_ ULONG Seed,
    _In_reads_bytes_(Length) const VOID *Data,
    _In_ SIZE_T Length
    )
{
    NT_ASSERT(TablesReady);
    return Crc32kUpdate(Crc32Table, Seed, Data, Length);
}
