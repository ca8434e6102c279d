"""The agency's side of a return, as the national collections run it: check a file before
submitting it (``checking``), explain its own queries (``explanations``), authorise a
return (``authorise``), and download templates that help (``templates``)."""
