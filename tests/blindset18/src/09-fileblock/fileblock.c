// fileblock.c
// Minifilter that refuses to delete or rename anything below a list of
// protected folders. The folders are pushed from user mode through the
// communication port ("\FileBlockPort"), one NT path per message.
//
// fltmc load fileblock   /   fltmc unload fileblock

#include <fltKernel.h>
#include <ntstrsafe.h>

#define FB_TAG			'kcBF'
#define FB_PORT_NAME		L"\\FileBlockPort"
#define FB_MAX_RULES		32

typedef struct _FB_RULE
{
	LIST_ENTRY	Link;
	UNICODE_STRING	Prefix;
	WCHAR		Buffer[1];
} FB_RULE, *PFB_RULE;

PFLT_FILTER	gFilterHandle = NULL;
PFLT_PORT	gServerPort = NULL;
PFLT_PORT	gClientPort = NULL;
LIST_ENTRY	gRuleList;
FAST_MUTEX	gRuleLock;
ULONG		gRuleCount = 0;

DRIVER_INITIALIZE DriverEntry;
NTSTATUS FbUnload(FLT_FILTER_UNLOAD_FLAGS Flags);
FLT_PREOP_CALLBACK_STATUS FbPreSetInformation(PFLT_CALLBACK_DATA Data, PCFLT_RELATED_OBJECTS FltObjects, PVOID *CompletionContext);

CONST FLT_OPERATION_REGISTRATION gCallbacks[] =
{
	{ IRP_MJ_SET_INFORMATION, FLTFL_OPERATION_REGISTRATION_SKIP_PAGING_IO, FbPreSetInformation, NULL },
	{ IRP_MJ_OPERATION_END }
};

CONST FLT_REGISTRATION gFilterRegistration =
{
	sizeof(FLT_REGISTRATION),
	FLT_REGISTRATION_VERSION,
	0,
	NULL,
	gCallbacks,
	FbUnload,
	NULL, NULL, NULL, NULL,
	NULL, NULL, NULL
};

static VOID FbFreeRules(VOID)
{
	PLIST_ENTRY entry;

	ExAcquireFastMutex(&gRuleLock);
	while (!IsListEmpty(&gRuleList))
	{
		entry = RemoveHeadList(&gRuleList);
		ExFreePoolWithTag(CONTAINING_RECORD(entry, FB_RULE, Link), FB_TAG);
	}
	gRuleCount = 0;
	ExReleaseFastMutex(&gRuleLock);
}

static NTSTATUS FbAddRule(PCWSTR Path, ULONG CbPath)
{
	PFB_RULE rule;
	SIZE_T size;

	if (CbPath == 0 || CbPath > 1024 || (CbPath % sizeof(WCHAR)) != 0)
	{
		return STATUS_INVALID_PARAMETER;
	}

	size = FIELD_OFFSET(FB_RULE, Buffer) + CbPath;
	rule = (PFB_RULE)ExAllocatePool2(POOL_FLAG_PAGED, size, FB_TAG);
	if (rule == NULL)
	{
		return STATUS_INSUFFICIENT_RESOURCES;
	}

	RtlCopyMemory(rule->Buffer, Path, CbPath);
	rule->Prefix.Buffer = rule->Buffer;
	rule->Prefix.Length = (USHORT)CbPath;
	rule->Prefix.MaximumLength = (USHORT)CbPath;

	ExAcquireFastMutex(&gRuleLock);
	if (gRuleCount >= FB_MAX_RULES)
	{
		ExReleaseFastMutex(&gRuleLock);
		ExFreePoolWithTag(rule, FB_TAG);
		return STATUS_TOO_MANY_NAMES;
	}
	InsertTailList(&gRuleList, &rule->Link);
	gRuleCount++;
	ExReleaseFastMutex(&gRuleLock);

	DbgPrint("fileblock: protecting %wZ\n", &rule->Prefix);
	return STATUS_SUCCESS;
}

static BOOLEAN FbIsProtected(PCUNICODE_STRING Name)
{
	PLIST_ENTRY entry;
	BOOLEAN hit = FALSE;

	ExAcquireFastMutex(&gRuleLock);
	for (entry = gRuleList.Flink; entry != &gRuleList; entry = entry->Flink)
	{
		PFB_RULE rule = CONTAINING_RECORD(entry, FB_RULE, Link);
		if (RtlPrefixUnicodeString(&rule->Prefix, Name, TRUE))
		{
			hit = TRUE;
			break;
		}
	}
	ExReleaseFastMutex(&gRuleLock);
	return hit;
}

FLT_PREOP_CALLBACK_STATUS FbPreSetInformation(PFLT_CALLBACK_DATA Data, PCFLT_RELATED_OBJECTS FltObjects, PVOID *CompletionContext)
{
	FILE_INFORMATION_CLASS infoClass;
	PFLT_FILE_NAME_INFORMATION nameInfo = NULL;
	NTSTATUS status;
	BOOLEAN block = FALSE;

	UNREFERENCED_PARAMETER(FltObjects);
	*CompletionContext = NULL;

	infoClass = Data->Iopb->Parameters.SetFileInformation.FileInformationClass;
	if (infoClass != FileDispositionInformation &&
	    infoClass != FileDispositionInformationEx &&
	    infoClass != FileRenameInformation &&
	    infoClass != FileRenameInformationEx)
	{
		return FLT_PREOP_SUCCESS_NO_CALLBACK;
	}

	if (gRuleCount == 0)
	{
		return FLT_PREOP_SUCCESS_NO_CALLBACK;
	}

	status = FltGetFileNameInformation(Data, FLT_FILE_NAME_NORMALIZED | FLT_FILE_NAME_QUERY_DEFAULT, &nameInfo);
	if (!NT_SUCCESS(status))
	{
		return FLT_PREOP_SUCCESS_NO_CALLBACK;
	}

	block = FbIsProtected(&nameInfo->Name);
	if (block)
	{
		DbgPrint("fileblock: denied %s on %wZ (pid %lu)\n",
			(infoClass == FileRenameInformation || infoClass == FileRenameInformationEx) ? "rename" : "delete",
			&nameInfo->Name, FltGetRequestorProcessId(Data));
	}
	FltReleaseFileNameInformation(nameInfo);

	if (block)
	{
		Data->IoStatus.Status = STATUS_ACCESS_DENIED;
		Data->IoStatus.Information = 0;
		return FLT_PREOP_COMPLETE;
	}
	return FLT_PREOP_SUCCESS_NO_CALLBACK;
}

NTSTATUS FbConnect(PFLT_PORT ClientPort, PVOID ServerPortCookie, PVOID ConnectionContext, ULONG SizeOfContext, PVOID *ConnectionCookie)
{
	UNREFERENCED_PARAMETER(ServerPortCookie);
	UNREFERENCED_PARAMETER(ConnectionContext);
	UNREFERENCED_PARAMETER(SizeOfContext);

	gClientPort = ClientPort;
	*ConnectionCookie = NULL;
	return STATUS_SUCCESS;
}

VOID FbDisconnect(PVOID ConnectionCookie)
{
	UNREFERENCED_PARAMETER(ConnectionCookie);
	FltCloseClientPort(gFilterHandle, &gClientPort);
}

NTSTATUS FbMessage(PVOID PortCookie, PVOID InputBuffer, ULONG InputBufferLength, PVOID OutputBuffer, ULONG OutputBufferLength, PULONG ReturnOutputBufferLength)
{
	NTSTATUS status;

	UNREFERENCED_PARAMETER(PortCookie);
	UNREFERENCED_PARAMETER(OutputBuffer);
	UNREFERENCED_PARAMETER(OutputBufferLength);

	*ReturnOutputBufferLength = 0;
	if (InputBuffer == NULL)
	{
		return STATUS_INVALID_PARAMETER;
	}

	__try
	{
		ProbeForRead(InputBuffer, InputBufferLength, sizeof(WCHAR));
		status = FbAddRule((PCWSTR)InputBuffer, InputBufferLength);
	}
	__except (EXCEPTION_EXECUTE_HANDLER)
	{
		status = GetExceptionCode();
	}
	return status;
}

NTSTATUS FbUnload(FLT_FILTER_UNLOAD_FLAGS Flags)
{
	UNREFERENCED_PARAMETER(Flags);

	DbgPrint("fileblock: unload\n");

	FltUnregisterFilter(gFilterHandle);
	FbFreeRules();

	return STATUS_SUCCESS;
}

NTSTATUS DriverEntry(PDRIVER_OBJECT DriverObject, PUNICODE_STRING RegistryPath)
{
	NTSTATUS status;
	PSECURITY_DESCRIPTOR sd;
	OBJECT_ATTRIBUTES oa;
	UNICODE_STRING name;

	UNREFERENCED_PARAMETER(RegistryPath);

	InitializeListHead(&gRuleList);
	ExInitializeFastMutex(&gRuleLock);

	status = FltRegisterFilter(DriverObject, &gFilterRegistration, &gFilterHandle);
	if (!NT_SUCCESS(status))
	{
		DbgPrint("fileblock: FltRegisterFilter failed %08x\n", status);
		return status;
	}

	status = FltBuildDefaultSecurityDescriptor(&sd, FLT_PORT_ALL_ACCESS);
	if (!NT_SUCCESS(status))
	{
		FltUnregisterFilter(gFilterHandle);
		return status;
	}

	RtlInitUnicodeString(&name, FB_PORT_NAME);
	InitializeObjectAttributes(&oa, &name, OBJ_KERNEL_HANDLE | OBJ_CASE_INSENSITIVE, NULL, sd);

	status = FltCreateCommunicationPort(gFilterHandle, &gServerPort, &oa, NULL,
		FbConnect, FbDisconnect, FbMessage, 1);
	FltFreeSecurityDescriptor(sd);
	if (!NT_SUCCESS(status))
	{
		DbgPrint("fileblock: FltCreateCommunicationPort failed %08x\n", status);
		FltUnregisterFilter(gFilterHandle);
		return status;
	}

	status = FltStartFiltering(gFilterHandle);
	if (!NT_SUCCESS(status))
	{
		DbgPrint("fileblock: FltStartFiltering failed %08x\n", status);
		FltCloseCommunicationPort(gServerPort);
		return status;
	}

	DbgPrint("fileblock: started\n");
	return STATUS_SUCCESS;
}
