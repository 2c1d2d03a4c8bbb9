/* DriverEntry needs Sample.h from ..\inc, found only through the project's
 * Directory.Build.props, and SAMPLE_TAG, which only the project defines. */
#include <ntddk.h>
#include "Sample.h"
#include "SampleVersion.h"

#if !defined(SAMPLE_FORCED) || !defined(SAMPLE_RELEASE) || !defined(FROM_BUILD_PROPS)
#error "the project's flags did not reach the file"
#endif

NTSTATUS DriverEntry(_In_ PDRIVER_OBJECT DriverObject, _In_ PUNICODE_STRING RegistryPath)
{
	SAMPLE_CONTEXT context;
	UNREFERENCED_PARAMETER(RegistryPath);
	context.Tag = SAMPLE_TAG;
	context.Flags = SAMPLE_VERSION;
	DriverObject->DriverUnload = SampleUnload;
	return SampleSetup(DriverObject, &context);
}
