/*
 * crashnote.sys - keeps a small "last actions" text buffer that is copied into
 * the crash dump by a bug check callback, so I can read it in WinDbg with
 * !bugdump crashnote.
 */
#include <ntddk.h>
#include <ntstrsafe.h>

#define NOTE_TAG   'etoN'
#define NOTE_BYTES 512

typedef struct _NOTE_BUFFER {
    ULONG Sequence;
    CHAR  Text[NOTE_BYTES];
} NOTE_BUFFER, *PNOTE_BUFFER;

static PNOTE_BUFFER g_Note = NULL;
static PKBUGCHECK_CALLBACK_RECORD g_BugRecord = NULL;
static UCHAR g_Component[] = "crashnote";

DRIVER_INITIALIZE DriverEntry;
DRIVER_UNLOAD NoteUnload;
KBUGCHECK_CALLBACK_ROUTINE NoteBugCheck;

VOID
NoteBugCheck(
    _In_ PVOID Buffer,
    _In_ ULONG Length
    )
{
    // Runs at HIGH_LEVEL: only touch the buffer we were given.
    PNOTE_BUFFER note = (PNOTE_BUFFER)Buffer;
    if (Length >= sizeof(NOTE_BUFFER)) {
        note->Text[NOTE_BYTES - 1] = '\0';
    }
}

static VOID
NoteAppend(
    _In_z_ PCSTR What
    )
{
    if (g_Note != NULL) {
        g_Note->Sequence++;
        RtlStringCbPrintfA(g_Note->Text, sizeof(g_Note->Text), "#%lu %s", g_Note->Sequence, What);
    }
}

NTSTATUS
DriverEntry(
    _In_ PDRIVER_OBJECT DriverObject,
    _In_ PUNICODE_STRING RegistryPath
    )
{
    KBUGCHECK_CALLBACK_RECORD bugRecord;

    UNREFERENCED_PARAMETER(RegistryPath);

    g_Note = (PNOTE_BUFFER)ExAllocatePool2(POOL_FLAG_NON_PAGED, sizeof(NOTE_BUFFER), NOTE_TAG);
    if (g_Note == NULL) {
        return STATUS_INSUFFICIENT_RESOURCES;
    }

    KeInitializeCallbackRecord((&bugRecord));
    if (!KeRegisterBugCheckCallback(&bugRecord, NoteBugCheck, g_Note, sizeof(NOTE_BUFFER), g_Component)) {
        DbgPrint("crashnote: KeRegisterBugCheckCallback failed\n");
        ExFreePoolWithTag(g_Note, NOTE_TAG);
        g_Note = NULL;
        return STATUS_UNSUCCESSFUL;
    }
    g_BugRecord = &bugRecord;

    NoteAppend("driver loaded");
    DriverObject->DriverUnload = NoteUnload;
    return STATUS_SUCCESS;
}

VOID
NoteUnload(
    _In_ PDRIVER_OBJECT DriverObject
    )
{
    UNREFERENCED_PARAMETER(DriverObject);

    if (g_BugRecord != NULL) {
        KeDeregisterBugCheckCallback(g_BugRecord);
        g_BugRecord = NULL;
    }
    if (g_Note != NULL) {
        ExFreePoolWithTag(g_Note, NOTE_TAG);
        g_Note = NULL;
    }
}
