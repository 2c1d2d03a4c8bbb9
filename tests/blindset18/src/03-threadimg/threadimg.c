/*
 * threadimg - count thread creation per process and log images
 * loaded from user writable folders (Temp, Downloads, AppData).
 *
 * Little research driver for my blog post on remote thread injection,
 * everything goes to DbgView (enable "Capture Kernel" + verbose).
 */
#include <ntddk.h>

#define TI_PREFIX "[threadimg] "
#define TI_SLOTS  256

typedef struct _ti_slot {
    HANDLE pid;
    LONG   threads;
    LONG   remote_threads;
} ti_slot;

static ti_slot    ti_table[TI_SLOTS];
static KSPIN_LOCK ti_lock;
static LONG       ti_images_flagged;

static const PCWSTR ti_suspicious_dirs[] = {
    L"\\AppData\\Local\\Temp\\",
    L"\\Downloads\\",
    L"\\AppData\\Roaming\\",
    L"\\Users\\Public\\",
};

DRIVER_INITIALIZE DriverEntry;
DRIVER_UNLOAD ti_unload;

static ti_slot *ti_find_slot(HANDLE pid, BOOLEAN create)
{
    ULONG i;
    ULONG start = (ULONG)(((ULONG_PTR)pid >> 2) % TI_SLOTS);

    for (i = 0; i < TI_SLOTS; i++) {
        ti_slot *s = &ti_table[(start + i) % TI_SLOTS];
        if (s->pid == pid) {
            return s;
        }
        if (s->pid == NULL && create) {
            s->pid = pid;
            s->threads = 0;
            s->remote_threads = 0;
            return s;
        }
    }
    return NULL;
}

static VOID ti_thread_notify(HANDLE process_id, HANDLE thread_id, BOOLEAN create)
{
    KIRQL irql;
    ti_slot *slot;
    HANDLE creator = PsGetCurrentProcessId();

    KeAcquireSpinLock(&ti_lock, &irql);
    slot = ti_find_slot(process_id, create);
    if (slot != NULL) {
        if (create) {
            slot->threads++;
            // the creating process is not the owner -> CreateRemoteThread & co
            if (creator != process_id && creator != (HANDLE)4) {
                slot->remote_threads++;
            }
        } else if (slot->threads > 0) {
            slot->threads--;
        }
    }
    KeReleaseSpinLock(&ti_lock, irql);

    if (create && creator != process_id && creator != (HANDLE)4) {
        DbgPrintEx(DPFLTR_IHVDRIVER_ID, DPFLTR_INFO_LEVEL,
                   TI_PREFIX "remote thread %p in pid %p created by pid %p\n",
                   thread_id, process_id, creator);
    }
}

static BOOLEAN ti_path_contains(PCUNICODE_STRING path, PCWSTR needle)
{
    UNICODE_STRING n;
    USHORT i;

    RtlInitUnicodeString(&n, needle);
    if (path == NULL || path->Buffer == NULL || path->Length < n.Length) {
        return FALSE;
    }

    for (i = 0; i + n.Length <= path->Length; i += sizeof(WCHAR)) {
        UNICODE_STRING window;
        window.Buffer = (PWCH)((PUCHAR)path->Buffer + i);
        window.Length = n.Length;
        window.MaximumLength = n.Length;
        if (RtlEqualUnicodeString(&window, &n, TRUE)) {
            return TRUE;
        }
    }
    return FALSE;
}

static VOID ti_image_notify(PUNICODE_STRING full_image_name, HANDLE process_id, PIMAGE_INFO image_info)
{
    ULONG i;

    if (image_info->SystemModeImage) {
        DbgPrintEx(DPFLTR_IHVDRIVER_ID, DPFLTR_INFO_LEVEL,
                   TI_PREFIX "driver loaded: %wZ at %p\n", full_image_name, image_info->ImageBase);
        return;
    }

    for (i = 0; i < RTL_NUMBER_OF(ti_suspicious_dirs); i++) {
        if (ti_path_contains(full_image_name, ti_suspicious_dirs[i])) {
            InterlockedIncrement(&ti_images_flagged);
            DbgPrintEx(DPFLTR_IHVDRIVER_ID, DPFLTR_WARNING_LEVEL,
                       TI_PREFIX "pid %p loaded %wZ (base %p size 0x%Ix)\n",
                       process_id, full_image_name, image_info->ImageBase, image_info->ImageSize);
            break;
        }
    }
}

VOID ti_unload(PDRIVER_OBJECT driver_object)
{
    ULONG i;
    LONG remote = 0;

    UNREFERENCED_PARAMETER(driver_object);

    PsRemoveLoadImageNotifyRoutine(ti_image_notify);
    PsRemoveCreateThreadNotifyRoutine(ti_thread_notify);

    for (i = 0; i < TI_SLOTS; i++) {
        remote += ti_table[i].remote_threads;
    }

    DbgPrintEx(DPFLTR_IHVDRIVER_ID, DPFLTR_ERROR_LEVEL,
               TI_PREFIX "bye. remote threads seen: %ld, images flagged: %ld\n",
               remote, ti_images_flagged);
}

NTSTATUS DriverEntry(PDRIVER_OBJECT driver_object, PUNICODE_STRING registry_path)
{
    NTSTATUS status;

    UNREFERENCED_PARAMETER(registry_path);

    RtlZeroMemory(ti_table, sizeof(ti_table));
    KeInitializeSpinLock(&ti_lock);
    ti_images_flagged = 0;

    driver_object->DriverUnload = ti_unload;

    status = PsSetCreateThreadNotifyRoutine(ti_thread_notify);
    if (!NT_SUCCESS(status)) {
        KdPrint((TI_PREFIX "PsSetCreateThreadNotifyRoutine: 0x%08X\n", status));
        return status;
    }

    status = PsSetLoadImageNotifyRoutine(ti_image_notify);
    if (!NT_SUCCESS(status)) {
        KdPrint((TI_PREFIX "PsSetLoadImageNotifyRoutine: 0x%08X\n", status));
        return status;
    }

    KdPrint((TI_PREFIX "watching threads and images\n"));
    return STATUS_SUCCESS;
}
