// OPI_Bitrix24 on the bitrix24-ffi library.
//
// The same exported functions as the OPI_Bitrix24 common module of OpenIntegrations (OPI):
// names, parameter order and names, defaults. The Bitrix24 add-in (Native API) makes the
// requests; the answer comes back as OPI gives it: a Map read from the portal's JSON answer, and
// a Structure from the functions that only build one.
//
// Setup: a common template "Bitrix24" of the binary data kind holding Bitrix24.zip (from
// cargo run --example package_1c), and a common module with this text (Server and External
// connection flags). Named OPI_Bitrix24 it replaces OPI's module and the configuration's code
// runs unchanged; under another name (say Bitrix24Library) it lives next to OPI. If the add-in
// is not in a common template, change AddInLocation().
//
// Written by tests/generated.rs from the library's function table; only AddInLocation() is
// meant to be edited.

// Where the add-in is attached from: a common template ("CommonTemplate.<name>") or the full
// path of Bitrix24.zip or of the library itself on the server.
Function AddInLocation()
	Return "CommonTemplate.Bitrix24";
EndFunction

// The add-in's object. The add-in is attached once per session: while the object can be made,
// AttachAddIn is not called. A common module cannot keep variables, so each call makes a new
// object; what the library keeps between calls (connections, the portal's limits, refreshed
// tokens) is the process's.
Function AttachLibrary() Export
	Try
		Return New("AddIn.B24.Bitrix24");
	Except
		// Not attached yet in this session.
	EndTry;
	If Not AttachAddIn(AddInLocation(), "B24", AddInType.Native) Then
		Raise StrTemplate(NStr("en = 'Could not attach the Bitrix24 add-in (%1)'"), AddInLocation());
	EndIf;
	Return New("AddIn.B24.Bitrix24");
EndFunction

// ========
// Messages

// Sends a message with optional attachment blocks to a chat or a user. REST: im.message.add.
Function SendMessage(Val URL, Val ChatID, Val Text, Val Attachments = "", Val Token = "", Val Keyboard = "", Val Menu = "", Val System = "", Val URLPreview = "", Val ReplyID = "") Export
	Return AnswerAsMap(AttachLibrary().SendMessage(URL, ChatID, Text, ValueToJSON(Attachments), Token, ValueToJSON(Keyboard), ValueToJSON(Menu), System, URLPreview, ReplyID));
EndFunction

// Changes a message's text, attachment blocks, keyboard or menu. REST: im.message.update.
Function EditMessage(Val URL, Val MessageID, Val Text = "", Val Attachments = "", Val Token = "", Val Keyboard = "", Val Menu = "", Val URLPreview = "") Export
	Return AnswerAsMap(AttachLibrary().EditMessage(URL, MessageID, Text, ValueToJSON(Attachments), Token, ValueToJSON(Keyboard), ValueToJSON(Menu), URLPreview));
EndFunction

// Turns the caller's like of a message on or off. REST: im.message.like.
Function SetMessageReaction(Val URL, Val MessageID, Val Token = "") Export
	Return AnswerAsMap(AttachLibrary().SetMessageReaction(URL, MessageID, Token));
EndFunction

// Deletes a message. REST: im.message.delete.
Function DeleteMessage(Val URL, Val MessageID, Val Token = "") Export
	Return AnswerAsMap(AttachLibrary().DeleteMessage(URL, MessageID, Token));
EndFunction

// Sends a file to a chat: one already on the chat's disk (fileid), or any file (file), uploaded here. REST: im.disk.file.commit; with file: im.v2.File.upload, or im.disk.folder.get + disk.folder.uploadfile + im.disk.file.commit.
Function SendFile(Val URL, Val ChatID, Val FileID, Val Description = "", Val Token = "", Val File = "", Val FileName = "") Export
	Return AnswerAsMap(AttachLibrary().SendFile(URL, ChatID, FileID, Description, Token, File, FileName));
EndFunction

// Marks a message and every earlier one in the dialog as read. REST: im.dialog.read.
Function MarkMessageAsReaded(Val URL, Val ChatID, Val MessageID, Val Token = "") Export
	Return AnswerAsMap(AttachLibrary().MarkMessageAsReaded(URL, ChatID, MessageID, Token));
EndFunction

// Marks a message and every later one in the dialog as unread. REST: im.dialog.unread.
Function MarkMessageAsUnreaded(Val URL, Val ChatID, Val MessageID, Val Token = "") Export
	Return AnswerAsMap(AttachLibrary().MarkMessageAsUnreaded(URL, ChatID, MessageID, Token));
EndFunction

// ============================
// Messages: blocks and buttons

// Builds an image attachment block (IMAGE) for blocks. REST: local, no request.
Function GetPictureBlock(Val Name, Val URL) Export
	Return AnswerAsStructure(AttachLibrary().GetPictureBlock(Name, URL), False);
EndFunction

// Builds a file attachment block (FILE) for blocks. REST: local, no request.
Function GetFileBlock(Val Name, Val URL) Export
	Return AnswerAsStructure(AttachLibrary().GetFileBlock(Name, URL), False);
EndFunction

// Builds a text attachment block (MESSAGE) for blocks; BB codes allowed. REST: local, no request.
Function GetTextBlock(Val Text) Export
	Return AnswerAsStructure(AttachLibrary().GetTextBlock(Text), False);
EndFunction

// Builds a link attachment block (LINK) for blocks. REST: local, no request.
Function GetLinkBlock(Val URL, Val Name = "", Val Description = "", Val Preview = "") Export
	Return AnswerAsStructure(AttachLibrary().GetLinkBlock(URL, Name, Description, Preview), False);
EndFunction

// Builds a user attachment block (USER) for blocks. REST: local, no request.
Function GetUserBlock(Val Name, Val UserID = "", Val Avatar = "", Val URL = "") Export
	Return AnswerAsStructure(AttachLibrary().GetUserBlock(Name, UserID, Avatar, URL), False);
EndFunction

// Builds a grid attachment block (GRID) of name/value rows for blocks. REST: local, no request.
Function GetGridBlock(Val Items, Val Display = "") Export
	Return AnswerAsStructure(AttachLibrary().GetGridBlock(ValueToJSON(Items), Display), False);
EndFunction

// Builds a delimiter line attachment block (DELIMITER) for blocks. REST: local, no request.
Function GetDelimiterBlock(Val Size = "", Val Color = "") Export
	Return AnswerAsStructure(AttachLibrary().GetDelimiterBlock(Size, Color), False);
EndFunction

// Builds a keyboard button for the keyboard of SendMessage and EditMessage. REST: local, no request.
Function GetKeyboardButton(Val Text, Val Link = "", Val Command = "", Val CommandParams = "", Val Action = "", Val ActionValue = "", Val BgColor = "", Val TextColor = "", Val Display = "") Export
	Return AnswerAsStructure(AttachLibrary().GetKeyboardButton(Text, Link, Command, CommandParams, Action, ActionValue, BgColor, TextColor, Display), False);
EndFunction

// =================
// Chats and dialogs

// Creates a chat from a structure of fields (see GetChatStructure). REST: im.chat.add.
Function CreateChat(Val URL, Val ChatStructure, Val Token = "") Export
	Return AnswerAsMap(AttachLibrary().CreateChat(URL, ValueToJSON(ChatStructure), Token));
EndFunction

// Lists the ids of a chat's members. REST: im.chat.user.list.
Function GetChatUsers(Val URL, Val ChatID, Val Token = "") Export
	Return AnswerAsMap(AttachLibrary().GetChatUsers(URL, ChatID, Token));
EndFunction

// The caller leaves a chat. REST: im.chat.leave.
Function LeaveChat(Val URL, Val ChatID, Val Token = "") Export
	Return AnswerAsMap(AttachLibrary().LeaveChat(URL, ChatID, Token));
EndFunction

// Adds users to a chat, optionally hiding its earlier messages from them. REST: im.chat.user.add.
Function AddUsersToChat(Val URL, Val ChatID, Val UserIDs, Val HideHistory = False, Val Token = "") Export
	Return AnswerAsMap(AttachLibrary().AddUsersToChat(URL, ChatID, ValueToJSON(UserIDs), HideHistory, Token));
EndFunction

// Removes a member from a chat. REST: im.chat.user.delete.
Function DeleteUserFromChat(Val URL, Val ChatID, Val UserID, Val Token = "") Export
	Return AnswerAsMap(AttachLibrary().DeleteUserFromChat(URL, ChatID, UserID, Token));
EndFunction

// Renames a chat. REST: im.chat.updateTitle.
Function ChangeChatTitle(Val URL, Val ChatID, Val Title, Val Token = "") Export
	Return AnswerAsMap(AttachLibrary().ChangeChatTitle(URL, ChatID, Title, Token));
EndFunction

// Changes a chat's colour. REST: im.chat.updateColor.
Function ChangeChatColor(Val URL, Val ChatID, Val Color, Val Token = "") Export
	Return AnswerAsMap(AttachLibrary().ChangeChatColor(URL, ChatID, Color, Token));
EndFunction

// Changes a chat's picture. REST: im.chat.updateAvatar.
Function ChangeChatPicture(Val URL, Val ChatID, Val Image, Val Token = "") Export
	Return AnswerAsMap(AttachLibrary().ChangeChatPicture(URL, ChatID, Image, Token));
EndFunction

// Makes another member the chat's owner. REST: im.chat.setOwner.
Function ChangeChatOwner(Val URL, Val ChatID, Val UserID, Val Token = "") Export
	Return AnswerAsMap(AttachLibrary().ChangeChatOwner(URL, ChatID, UserID, Token));
EndFunction

// Mutes a chat for the caller. REST: im.chat.mute.
Function DisableChatNotifications(Val URL, Val ChatID, Val Token = "") Export
	Return AnswerAsMap(AttachLibrary().DisableChatNotifications(URL, ChatID, Token));
EndFunction

// Unmutes a chat for the caller. REST: im.chat.mute.
Function EnableChatNotifications(Val URL, Val ChatID, Val Token = "") Export
	Return AnswerAsMap(AttachLibrary().EnableChatNotifications(URL, ChatID, Token));
EndFunction

// Gets the disk folder of a chat's files (its ID is UploadFileToFolder's folderid). REST: im.disk.folder.get.
Function GetChatFilesFolder(Val URL, Val ChatID, Val Token = "") Export
	Return AnswerAsMap(AttachLibrary().GetChatFilesFolder(URL, ChatID, Token));
EndFunction

// Gives the keys of CreateChat's fields, each with its meaning, or empty. REST: local, no request.
Function GetChatStructure(Val Clear = False) Export
	Return AnswerAsStructure(AttachLibrary().GetChatStructure(Clear), False);
EndFunction

// Gets users' data by their ids. REST: im.user.list.get.
Function GetUsers(Val URL, Val UserIDs, Val Token = "") Export
	Return AnswerAsMap(AttachLibrary().GetUsers(URL, ValueToJSON(UserIDs), Token));
EndFunction

// Reads a dialog's messages, 20 at a time, before last or after first. REST: im.dialog.messages.get.
Function GetChatMessagesList(Val URL, Val ChatID, Val LastID = "", Val FirstID = "", Val Token = "") Export
	Return AnswerAsMap(AttachLibrary().GetChatMessagesList(URL, ChatID, LastID, FirstID, Token));
EndFunction

// Gets a dialog's data: chat, title, owner, counters. REST: im.dialog.get.
Function GetDialog(Val URL, Val ChatID, Val Token = "") Export
	Return AnswerAsMap(AttachLibrary().GetDialog(URL, ChatID, Token));
EndFunction

// Lists a dialog's members with their data. REST: im.dialog.users.list.
Function GetChatMembersList(Val URL, Val ChatID, Val Token = "") Export
	Return AnswerAsMap(AttachLibrary().GetChatMembersList(URL, ChatID, Token));
EndFunction

// Shows "typing…" in a dialog. REST: im.dialog.writing.
Function SendWritingNotification(Val URL, Val ChatID, Val Token = "") Export
	Return AnswerAsMap(AttachLibrary().SendWritingNotification(URL, ChatID, Token));
EndFunction

// Gets the caller's status: online, dnd or away. REST: im.user.status.get.
Function GetUserStatus(Val URL, Val Token = "") Export
	Return AnswerAsMap(AttachLibrary().GetUserStatus(URL, Token));
EndFunction

// Sets the caller's status: online, dnd or away. REST: im.user.status.set.
Function SetUserStatus(Val URL, Val Status, Val Token = "") Export
	Return AnswerAsMap(AttachLibrary().SetUserStatus(URL, Status, Token));
EndFunction

// Marks every message of every dialog as read for the caller. REST: im.dialog.read.all.
Function ReadAll(Val URL, Val Token = "") Export
	Return AnswerAsMap(AttachLibrary().ReadAll(URL, Token));
EndFunction

// =============
// Notifications

// Sends a user a notification from the caller. REST: im.notify.personal.add.
Function CreatePersonalNotification(Val URL, Val UserID, Val Text, Val Tag = "", Val Attachments = "", Val Token = "") Export
	Return AnswerAsMap(AttachLibrary().CreatePersonalNotification(URL, UserID, Text, Tag, ValueToJSON(Attachments), Token));
EndFunction

// Sends a user a system notification. REST: im.notify.system.add.
Function CreateSystemNotification(Val URL, Val UserID, Val Text, Val Tag = "", Val Attachments = "", Val Token = "") Export
	Return AnswerAsMap(AttachLibrary().CreateSystemNotification(URL, UserID, Text, Tag, ValueToJSON(Attachments), Token));
EndFunction

// Deletes a notification. REST: im.notify.delete.
Function DeleteNotification(Val URL, Val NotificationID, Val Token = "") Export
	Return AnswerAsMap(AttachLibrary().DeleteNotification(URL, NotificationID, Token));
EndFunction

// ==========================
// Settings and authorisation

// Builds the link that authorises the application on a portal (its answer is the link as a JSON string). REST: local, no request.
Function GetAppAuthLink(Val Domain, Val ClientID) Export
	Return AnswerAsStructure(AttachLibrary().GetAppAuthLink(Domain, ClientID), False);
EndFunction

// Exchanges the code from the authorisation link for tokens at the OAuth server. REST: OAuth server: POST oauth/token/.
Function GetToken(Val ClientID, Val ClientSecret, Val Code, Val OAuthURL = "") Export
	Return AnswerAsMap(AttachLibrary().GetToken(ClientID, ClientSecret, Code, OAuthURL));
EndFunction

// Gets new tokens with a refresh token at the OAuth server. REST: OAuth server: POST oauth/token/.
Function RefreshToken(Val ClientID, Val ClientSecret, Val Refresh, Val OAuthURL = "") Export
	Return AnswerAsMap(AttachLibrary().RefreshToken(ClientID, ClientSecret, Refresh, OAuthURL));
EndFunction

// Gets the portal's current time. REST: server.time.
Function ServerTime(Val URL, Val Token = "") Export
	Return AnswerAsMap(AttachLibrary().ServerTime(URL, Token));
EndFunction

// ====
// Feed

// Publishes a post in the news feed, with recipients, files and importance. REST: log.blogpost.add.
Function CreatePost(Val URL, Val Text, Val Visibility = "UA", Val Files = "", Val Title = "", Val Important = False, Val Token = "") Export
	Return AnswerAsMap(AttachLibrary().CreatePost(URL, Text, ValueToJSON(Visibility), FilesToJSON(Files), Title, Important, Token));
EndFunction

// Changes a post's text, title, recipients and files. REST: log.blogpost.update.
Function UpdatePost(Val URL, Val PostID, Val Text, Val Visibility = "UA", Val Files = "", Val Title = "", Val Token = "") Export
	Return AnswerAsMap(AttachLibrary().UpdatePost(URL, PostID, Text, ValueToJSON(Visibility), FilesToJSON(Files), Title, Token));
EndFunction

// Deletes a post. REST: log.blogpost.delete.
Function DeletePost(Val URL, Val PostID, Val Token = "") Export
	Return AnswerAsMap(AttachLibrary().DeletePost(URL, PostID, Token));
EndFunction

// Lists the users who have read an important post. REST: log.blogpost.getusers.important.
Function GetImportantPostViewers(Val URL, Val PostID, Val Token = "") Export
	Return AnswerAsMap(AttachLibrary().GetImportantPostViewers(URL, PostID, Token));
EndFunction

// Gets posts of the feed, one by id or those for a recipient. REST: log.blogpost.get.
Function GetPosts(Val URL, Val PostID = "", Val Filter = "UA", Val Token = "") Export
	Return AnswerAsMap(AttachLibrary().GetPosts(URL, PostID, Filter, Token));
EndFunction

// Comments on a post. REST: log.blogcomment.add.
Function AddPostComment(Val URL, Val PostID, Val Text, Val Token = "") Export
	Return AnswerAsMap(AttachLibrary().AddPostComment(URL, PostID, Text, Token));
EndFunction

// Shares a post with more recipients. REST: log.blogpost.share.
Function AddPostRecipients(Val URL, Val PostID, Val Visibility, Val Token = "") Export
	Return AnswerAsMap(AttachLibrary().AddPostRecipients(URL, PostID, Visibility, Token));
EndFunction

// =============
// Disk storages

// Lists the disk storages the user can reach. REST: disk.storage.getlist.
Function GetStoragesList(Val URL, Val Token = "") Export
	Return AnswerAsMap(AttachLibrary().GetStoragesList(URL, Token));
EndFunction

// Gets the application's own storage (meaningful with an application's token). REST: disk.storage.getforapp.
Function GetAppStorage(Val URL, Val Token = "") Export
	Return AnswerAsMap(AttachLibrary().GetAppStorage(URL, Token));
EndFunction

// Gets a storage by id. REST: disk.storage.get.
Function GetStorage(Val URL, Val StorageID, Val Token = "") Export
	Return AnswerAsMap(AttachLibrary().GetStorage(URL, StorageID, Token));
EndFunction

// Renames a storage (the portal allows it for the application's own storage only). REST: disk.storage.rename.
Function RenameStorage(Val URL, Val StorageID, Val Name, Val Token = "") Export
	Return AnswerAsMap(AttachLibrary().RenameStorage(URL, StorageID, Name, Token));
EndFunction

// Lists the folders and files at the top of a storage. REST: disk.storage.getchildren.
Function GetStorageObjects(Val URL, Val StorageID, Val Token = "") Export
	Return AnswerAsMap(AttachLibrary().GetStorageObjects(URL, StorageID, Token));
EndFunction

// Creates a folder at the top of a storage. REST: disk.storage.addfolder.
Function CreateStorageFolder(Val URL, Val StorageID, Val Name, Val Token = "") Export
	Return AnswerAsMap(AttachLibrary().CreateStorageFolder(URL, StorageID, Name, Token));
EndFunction

// ============
// Disk folders

// Gets a folder by id. REST: disk.folder.get.
Function GetFolderInformation(Val URL, Val FolderID, Val Token = "") Export
	Return AnswerAsMap(AttachLibrary().GetFolderInformation(URL, FolderID, Token));
EndFunction

// Creates a folder inside a folder. REST: disk.folder.addsubfolder.
Function CreateSubfolder(Val URL, Val FolderID, Val Name, Val Token = "") Export
	Return AnswerAsMap(AttachLibrary().CreateSubfolder(URL, FolderID, Name, Token));
EndFunction

// Copies a folder with everything in it into another folder. REST: disk.folder.copyto.
Function MakeFolderCopy(Val URL, Val FolderID, Val DestinationID, Val Token = "") Export
	Return AnswerAsMap(AttachLibrary().MakeFolderCopy(URL, FolderID, DestinationID, Token));
EndFunction

// Moves a folder with everything in it into another folder. REST: disk.folder.moveto.
Function MoveFolder(Val URL, Val FolderID, Val DestinationID, Val Token = "") Export
	Return AnswerAsMap(AttachLibrary().MoveFolder(URL, FolderID, DestinationID, Token));
EndFunction

// Deletes a folder and everything in it for good (not to the recycle bin). REST: disk.folder.deletetree.
Function DeleteFolder(Val URL, Val FolderID, Val Token = "") Export
	Return AnswerAsMap(AttachLibrary().DeleteFolder(URL, FolderID, Token));
EndFunction

// Gets a public link to a folder. REST: disk.folder.getExternalLink.
Function GetFolderExternalLink(Val URL, Val FolderID, Val Token = "") Export
	Return AnswerAsMap(AttachLibrary().GetFolderExternalLink(URL, FolderID, Token));
EndFunction

// Lists the folders and files in a folder, with a filter. REST: disk.folder.getchildren.
Function GetFolderItems(Val URL, Val FolderID, Val Filter = "", Val Token = "") Export
	Return AnswerAsMap(AttachLibrary().GetFolderItems(URL, FolderID, ValueToJSON(Filter), Token));
EndFunction

// Puts a folder with everything in it into the recycle bin. REST: disk.folder.markdeleted.
Function MarkFolderAsDeleted(Val URL, Val FolderID, Val Token = "") Export
	Return AnswerAsMap(AttachLibrary().MarkFolderAsDeleted(URL, FolderID, Token));
EndFunction

// Brings a folder back from the recycle bin. REST: disk.folder.restore.
Function RestoreFolder(Val URL, Val FolderID, Val Token = "") Export
	Return AnswerAsMap(AttachLibrary().RestoreFolder(URL, FolderID, Token));
EndFunction

// Renames a folder. REST: disk.folder.rename.
Function RenameFolder(Val URL, Val FolderID, Val Name, Val Token = "") Export
	Return AnswerAsMap(AttachLibrary().RenameFolder(URL, FolderID, Name, Token));
EndFunction

// Gives the keys a folder filter takes (from disk.folder.getfields), each with its type, or empty; an error answer comes back as it is (OPI would fail on it). REST: disk.folder.getfields.
Function GetFolderFilterStructure(Val URL, Val Clear = False, Val Token = "") Export
	Return AnswerAsStructure(AttachLibrary().GetFolderFilterStructure(URL, Clear, Token), False);
EndFunction

// ==========
// Disk files

// Uploads a file to the top of a storage. REST: disk.storage.uploadfile.
Function UploadFileToStorage(Val URL, Val Name, Val File, Val StorageID, Val Rights = "", Val Token = "") Export
	Return AnswerAsMap(AttachLibrary().UploadFileToStorage(URL, Name, File, StorageID, ValueToJSON(Rights), Token));
EndFunction

// Uploads a file into a disk folder. REST: disk.folder.uploadfile.
Function UploadFileToFolder(Val URL, Val Name, Val File, Val FolderID, Val Token = "") Export
	Return AnswerAsMap(AttachLibrary().UploadFileToFolder(URL, Name, File, FolderID, Token));
EndFunction

// Gets a file by id: name, size, folder, download URL. REST: disk.file.get.
Function GetFileInformation(Val URL, Val FileID, Val Token = "") Export
	Return AnswerAsMap(AttachLibrary().GetFileInformation(URL, FileID, Token));
EndFunction

// Deletes a file for good (not to the recycle bin). REST: disk.file.delete.
Function DeleteFile(Val URL, Val FileID, Val Token = "") Export
	Return AnswerAsMap(AttachLibrary().DeleteFile(URL, FileID, Token));
EndFunction

// Gets a public link to a file (some cloud portals no longer have the method). REST: disk.file.getExternalLink.
Function GetFileExternalLink(Val URL, Val FileID, Val Token = "") Export
	Return AnswerAsMap(AttachLibrary().GetFileExternalLink(URL, FileID, Token));
EndFunction

// Puts a file into the recycle bin. REST: disk.file.markdeleted.
Function MarkFileAsDeleted(Val URL, Val FileID, Val Token = "") Export
	Return AnswerAsMap(AttachLibrary().MarkFileAsDeleted(URL, FileID, Token));
EndFunction

// Brings a file back from the recycle bin. REST: disk.file.restore.
Function RestoreFile(Val URL, Val FileID, Val Token = "") Export
	Return AnswerAsMap(AttachLibrary().RestoreFile(URL, FileID, Token));
EndFunction

// Copies a file into a folder. REST: disk.file.copyto.
Function MakeFileCopy(Val URL, Val FileID, Val FolderID, Val Token = "") Export
	Return AnswerAsMap(AttachLibrary().MakeFileCopy(URL, FileID, FolderID, Token));
EndFunction

// Moves a file into another folder. REST: disk.file.moveto.
Function MoveFileToFolder(Val URL, Val FileID, Val FolderID, Val Token = "") Export
	Return AnswerAsMap(AttachLibrary().MoveFileToFolder(URL, FileID, FolderID, Token));
EndFunction

// Renames a file. REST: disk.file.rename.
Function RenameFile(Val URL, Val FileID, Val Name, Val Token = "") Export
	Return AnswerAsMap(AttachLibrary().RenameFile(URL, FileID, Name, Token));
EndFunction

// =====
// Tasks

// Gets a task by id. REST: tasks.task.get.
Function GetTask(Val URL, Val TaskID, Val Token = "") Export
	Return AnswerAsMap(AttachLibrary().GetTask(URL, TaskID, Token));
EndFunction

// Lists tasks, 50 a page, with a filter and the fields to return. REST: tasks.task.list.
Function GetTasksList(Val URL, Val Filter = "", Val Indent = 0, Val Token = "", Val Fields = "") Export
	Return AnswerAsMap(AttachLibrary().GetTasksList(URL, ValueToJSON(Filter), Indent, Token, ValueToJSON(Fields)));
EndFunction

// Creates a task from a structure of fields. REST: tasks.task.add.
Function CreateTask(Val URL, Val FieldsStructure, Val Token = "") Export
	Return AnswerAsMap(AttachLibrary().CreateTask(URL, ValueToJSON(FieldsStructure), Token));
EndFunction

// Changes fields of a task. REST: tasks.task.update.
Function UpdateTask(Val URL, Val TaskID, Val FieldsStructure, Val Token = "") Export
	Return AnswerAsMap(AttachLibrary().UpdateTask(URL, TaskID, ValueToJSON(FieldsStructure), Token));
EndFunction

// Deletes a task. REST: tasks.task.delete.
Function DeleteTask(Val URL, Val TaskID, Val Token = "") Export
	Return AnswerAsMap(AttachLibrary().DeleteTask(URL, TaskID, Token));
EndFunction

// Attaches a file already on the portal's disk to a task. REST: tasks.task.files.attach.
Function AttachFileToTopic(Val URL, Val TaskID, Val FileID, Val Token = "") Export
	Return AnswerAsMap(AttachLibrary().AttachFileToTopic(URL, TaskID, FileID, Token));
EndFunction

// Accepts a task that awaits control: it becomes completed. REST: tasks.task.approve.
Function ApproveTask(Val URL, Val TaskID, Val Token = "") Export
	Return AnswerAsMap(AttachLibrary().ApproveTask(URL, TaskID, Token));
EndFunction

// Sends back a task that awaits control. REST: tasks.task.disapprove.
Function DisapproveTask(Val URL, Val TaskID, Val Token = "") Export
	Return AnswerAsMap(AttachLibrary().DisapproveTask(URL, TaskID, Token));
EndFunction

// Completes a task (or sends it for control, when the creator controls it). REST: tasks.task.complete.
Function CompleteTask(Val URL, Val TaskID, Val Token = "") Export
	Return AnswerAsMap(AttachLibrary().CompleteTask(URL, TaskID, Token));
EndFunction

// Renews a completed or deferred task. REST: tasks.task.renew.
Function RenewTask(Val URL, Val TaskID, Val Token = "") Export
	Return AnswerAsMap(AttachLibrary().RenewTask(URL, TaskID, Token));
EndFunction

// Defers a task. REST: tasks.task.defer.
Function DeferTask(Val URL, Val TaskID, Val Token = "") Export
	Return AnswerAsMap(AttachLibrary().DeferTask(URL, TaskID, Token));
EndFunction

// Pauses a task in progress. REST: tasks.task.pause.
Function PauseTask(Val URL, Val TaskID, Val Token = "") Export
	Return AnswerAsMap(AttachLibrary().PauseTask(URL, TaskID, Token));
EndFunction

// Starts a task. REST: tasks.task.start.
Function StartTask(Val URL, Val TaskID, Val Token = "") Export
	Return AnswerAsMap(AttachLibrary().StartTask(URL, TaskID, Token));
EndFunction

// Makes the current user a watcher (auditor) of a task. REST: tasks.task.startwatch.
Function StartWatchingTask(Val URL, Val TaskID, Val Token = "") Export
	Return AnswerAsMap(AttachLibrary().StartWatchingTask(URL, TaskID, Token));
EndFunction

// Stops the current user watching a task. REST: tasks.task.stopwatch.
Function StopWatchingTask(Val URL, Val TaskID, Val Token = "") Export
	Return AnswerAsMap(AttachLibrary().StopWatchingTask(URL, TaskID, Token));
EndFunction

// Hands a task to another responsible user. REST: tasks.task.delegate.
Function DelegateTask(Val URL, Val TaskID, Val UserID, Val Token = "") Export
	Return AnswerAsMap(AttachLibrary().DelegateTask(URL, TaskID, UserID, Token));
EndFunction

// Adds a task to the current user's favourites. REST: tasks.task.favorite.add.
Function AddTaskToFavorites(Val URL, Val TaskID, Val Token = "") Export
	Return AnswerAsMap(AttachLibrary().AddTaskToFavorites(URL, TaskID, Token));
EndFunction

// Removes a task from the current user's favourites. REST: tasks.task.favorite.remove.
Function RemoveTaskFromFavorites(Val URL, Val TaskID, Val Token = "") Export
	Return AnswerAsMap(AttachLibrary().RemoveTaskFromFavorites(URL, TaskID, Token));
EndFunction

// Gets a task's history of changes. REST: tasks.task.history.list.
Function GetTaskHistory(Val URL, Val TaskID, Val Token = "") Export
	Return AnswerAsMap(AttachLibrary().GetTaskHistory(URL, TaskID, Token));
EndFunction

// Gets which actions on a task each of the given users may take. REST: tasks.task.getaccess.
Function CheckTaskAccesses(Val URL, Val TaskID, Val Users = "", Val Token = "") Export
	Return AnswerAsMap(AttachLibrary().CheckTaskAccesses(URL, TaskID, ValueToJSON(Users), Token));
EndFunction

// Mutes a task's notifications for the current user. REST: tasks.task.mute.
Function MuteTask(Val URL, Val TaskID, Val Token = "") Export
	Return AnswerAsMap(AttachLibrary().MuteTask(URL, TaskID, Token));
EndFunction

// Unmutes a task's notifications for the current user. REST: tasks.task.unmute.
Function UnmuteTask(Val URL, Val TaskID, Val Token = "") Export
	Return AnswerAsMap(AttachLibrary().UnmuteTask(URL, TaskID, Token));
EndFunction

// Links two tasks: one depends on the other. REST: task.dependence.add.
Function CreateTasksDependencies(Val URL, Val FromID, Val DestinationID, Val LinkType, Val Token = "") Export
	Return AnswerAsMap(AttachLibrary().CreateTasksDependencies(URL, FromID, DestinationID, LinkType, Token));
EndFunction

// Removes a link between two tasks. REST: task.dependence.delete.
Function DeleteTasksDependencies(Val URL, Val FromID, Val DestinationID, Val LinkType, Val Token = "") Export
	Return AnswerAsMap(AttachLibrary().DeleteTasksDependencies(URL, FromID, DestinationID, LinkType, Token));
EndFunction

// Gets the ids of the tasks in the current user's plan for the day. REST: task.planner.getlist.
Function GetDailyPlan(Val URL, Val Token = "") Export
	Return AnswerAsMap(AttachLibrary().GetDailyPlan(URL, Token));
EndFunction

// Gets the portal's description of a task's fields. REST: tasks.task.getFields.
Function GetTaskFieldsStructure(Val URL, Val Token = "") Export
	Return AnswerAsMap(AttachLibrary().GetTaskFieldsStructure(URL, Token));
EndFunction

// Gives the keys a task filter takes, each with its meaning, or empty. REST: local, no request.
Function GetTasksFilterStructure(Val Clear = False, Val AsMap = False) Export
	Return AnswerAsStructure(AttachLibrary().GetTasksFilterStructure(Clear, AsMap), AsMap);
EndFunction

// ==================
// Custom task fields

// Lists the portal's custom task fields. REST: task.item.userfield.getlist.
Function GetCustomTaskFieldsList(Val URL, Val Token = "") Export
	Return AnswerAsMap(AttachLibrary().GetCustomTaskFieldsList(URL, Token));
EndFunction

// Adds a custom task field; the answer is its id. REST: task.item.userfield.add.
Function AddCustomTaskField(Val URL, Val Type, Val Name, Val ExternalID = "", Val Title = "", Val Signature = "", Val Token = "") Export
	Return AnswerAsMap(AttachLibrary().AddCustomTaskField(URL, Type, Name, ExternalID, Title, ValueToJSON(Signature), Token));
EndFunction

// Changes a custom task field's external code and labels. REST: task.item.userfield.update.
Function UpdateCustomTaskField(Val URL, Val FieldID, Val ExternalID = "", Val Title = "", Val Signature = "", Val Token = "") Export
	Return AnswerAsMap(AttachLibrary().UpdateCustomTaskField(URL, FieldID, ExternalID, Title, ValueToJSON(Signature), Token));
EndFunction

// Gets a custom task field by id. REST: task.item.userfield.get.
Function GetCustomTaskField(Val URL, Val FieldID, Val Token = "") Export
	Return AnswerAsMap(AttachLibrary().GetCustomTaskField(URL, FieldID, Token));
EndFunction

// Deletes a custom task field. REST: task.item.userfield.delete.
Function DeleteCustomTaskField(Val URL, Val FieldID, Val Token = "") Export
	Return AnswerAsMap(AttachLibrary().DeleteCustomTaskField(URL, FieldID, Token));
EndFunction

// ===========
// Timekeeping

// Logs time spent on a task. REST: task.elapseditem.add.
Function AddTaskTimeAccounting(Val URL, Val TaskID, Val Time, Val UserID = "", Val Text = "", Val SetupDate = "", Val Token = "") Export
	Return AnswerAsMap(AttachLibrary().AddTaskTimeAccounting(URL, TaskID, Time, UserID, Text, SetupDate, Token));
EndFunction

// Deletes a time record of a task. REST: task.elapseditem.delete.
Function DeleteTaskTimeAccounting(Val URL, Val TaskID, Val RecordID, Val Token = "") Export
	Return AnswerAsMap(AttachLibrary().DeleteTaskTimeAccounting(URL, TaskID, RecordID, Token));
EndFunction

// Lists the time records of a task. REST: task.elapseditem.getlist.
Function GetTaskTimeAccountingList(Val URL, Val TaskID, Val Token = "") Export
	Return AnswerAsMap(AttachLibrary().GetTaskTimeAccountingList(URL, TaskID, Token));
EndFunction

// Gets a time record of a task. REST: task.elapseditem.get.
Function GetTaskTimeAccounting(Val URL, Val TaskID, Val RecordID, Val Token = "") Export
	Return AnswerAsMap(AttachLibrary().GetTaskTimeAccounting(URL, TaskID, RecordID, Token));
EndFunction

// Changes a time record of a task. REST: task.elapseditem.update.
Function UpdateTaskTimeAccounting(Val URL, Val TaskID, Val RecordID, Val Time, Val Text = "", Val SetupDate = "", Val Token = "") Export
	Return AnswerAsMap(AttachLibrary().UpdateTaskTimeAccounting(URL, TaskID, RecordID, Time, Text, SetupDate, Token));
EndFunction

// Opens the work day, or resumes a paused or closed one. REST: timeman.open.
Function StartTimekeeping(Val URL, Val UserID = "", Val Time = "", Val Report = "", Val Token = "") Export
	Return AnswerAsMap(AttachLibrary().StartTimekeeping(URL, UserID, Time, Report, Token));
EndFunction

// Closes the work day. REST: timeman.close.
Function StopTimekeeping(Val URL, Val UserID = "", Val Time = "", Val Report = "", Val Token = "") Export
	Return AnswerAsMap(AttachLibrary().StopTimekeeping(URL, UserID, Time, Report, Token));
EndFunction

// Pauses the work day. REST: timeman.pause.
Function PauseTimekeeping(Val URL, Val UserID = "", Val Token = "") Export
	Return AnswerAsMap(AttachLibrary().PauseTimekeeping(URL, UserID, Token));
EndFunction

// Gets the state of the work day. REST: timeman.status.
Function GetTimekeepingStatus(Val URL, Val UserID = "", Val Token = "") Export
	Return AnswerAsMap(AttachLibrary().GetTimekeepingStatus(URL, UserID, Token));
EndFunction

// Gets a user's work-time settings. REST: timeman.settings.
Function GetTimekeepingSettings(Val URL, Val UserID = "", Val Token = "") Export
	Return AnswerAsMap(AttachLibrary().GetTimekeepingSettings(URL, UserID, Token));
EndFunction

// ===============
// Task checklists

// Adds an item to a task's checklist; the answer is its id. REST: task.checklistitem.add.
Function AddTasksChecklistElement(Val URL, Val TaskID, Val Text, Val Completed = False, Val Token = "") Export
	Return AnswerAsMap(AttachLibrary().AddTasksChecklistElement(URL, TaskID, Text, Completed, Token));
EndFunction

// Changes the text of a checklist item. REST: task.checklistitem.update.
Function UpdateTasksChecklistElement(Val URL, Val TaskID, Val ElementID, Val Text, Val Token = "") Export
	Return AnswerAsMap(AttachLibrary().UpdateTasksChecklistElement(URL, TaskID, ElementID, Text, Token));
EndFunction

// Deletes a checklist item. REST: task.checklistitem.delete.
Function DeleteTasksChecklistElement(Val URL, Val TaskID, Val ElementID, Val Token = "") Export
	Return AnswerAsMap(AttachLibrary().DeleteTasksChecklistElement(URL, TaskID, ElementID, Token));
EndFunction

// Gets a task's checklist: its root node and its items. REST: task.checklistitem.getlist.
Function GetTasksChecklist(Val URL, Val TaskID, Val Token = "") Export
	Return AnswerAsMap(AttachLibrary().GetTasksChecklist(URL, TaskID, Token));
EndFunction

// Gets a checklist item. REST: task.checklistitem.get.
Function GetTasksChecklistElement(Val URL, Val TaskID, Val ElementID, Val Token = "") Export
	Return AnswerAsMap(AttachLibrary().GetTasksChecklistElement(URL, TaskID, ElementID, Token));
EndFunction

// Checks a checklist item. REST: task.checklistitem.complete.
Function CompleteTasksChecklistElement(Val URL, Val TaskID, Val ElementID, Val Token = "") Export
	Return AnswerAsMap(AttachLibrary().CompleteTasksChecklistElement(URL, TaskID, ElementID, Token));
EndFunction

// Unchecks a checklist item. REST: task.checklistitem.renew.
Function RenewTasksChecklistElement(Val URL, Val TaskID, Val ElementID, Val Token = "") Export
	Return AnswerAsMap(AttachLibrary().RenewTasksChecklistElement(URL, TaskID, ElementID, Token));
EndFunction

// =========================
// Task comments and results

// Lists a task's comments. REST: task.commentitem.getlist.
Function GetTaskCommentsList(Val URL, Val TaskID, Val Token = "") Export
	Return AnswerAsMap(AttachLibrary().GetTaskCommentsList(URL, TaskID, Token));
EndFunction

// Gets a comment of a task. REST: task.commentitem.get.
Function GetTaskComment(Val URL, Val TaskID, Val CommentID, Val Token = "") Export
	Return AnswerAsMap(AttachLibrary().GetTaskComment(URL, TaskID, CommentID, Token));
EndFunction

// Adds a comment to a task; the answer is its id. REST: task.commentitem.add.
Function AddTaskComment(Val URL, Val TaskID, Val Text, Val Token = "") Export
	Return AnswerAsMap(AttachLibrary().AddTaskComment(URL, TaskID, Text, Token));
EndFunction

// Changes the text of a task's comment. REST: task.commentitem.update.
Function UpdateTaskComment(Val URL, Val TaskID, Val CommentID, Val Text, Val Token = "") Export
	Return AnswerAsMap(AttachLibrary().UpdateTaskComment(URL, TaskID, CommentID, Text, Token));
EndFunction

// Deletes a task's comment. REST: task.commentitem.delete.
Function DeleteTaskComment(Val URL, Val TaskID, Val CommentID, Val Token = "") Export
	Return AnswerAsMap(AttachLibrary().DeleteTaskComment(URL, TaskID, CommentID, Token));
EndFunction

// Lists a task's results, newest first. REST: tasks.task.result.list.
Function GetResultsList(Val URL, Val TaskID, Val Token = "") Export
	Return AnswerAsMap(AttachLibrary().GetResultsList(URL, TaskID, Token));
EndFunction

// Makes a comment the task's result. REST: tasks.task.result.addFromComment.
Function CreateResultFromComment(Val URL, Val CommentID, Val Token = "") Export
	Return AnswerAsMap(AttachLibrary().CreateResultFromComment(URL, CommentID, Token));
EndFunction

// Takes back the result made from a comment. REST: tasks.task.result.deleteFromComment.
Function DeleteResultFromComment(Val URL, Val CommentID, Val Token = "") Export
	Return AnswerAsMap(AttachLibrary().DeleteResultFromComment(URL, CommentID, Token));
EndFunction

// Gives the keys of a task comment, each with its meaning, or empty. REST: local, no request.
Function GetCommentStructure(Val Clear = False) Export
	Return AnswerAsStructure(AttachLibrary().GetCommentStructure(Clear), False);
EndFunction

// ======
// Kanban

// Adds a stage to a group's kanban or to the user's plan; the answer is its id. REST: task.stages.add.
Function AddKanbanStage(Val URL, Val Name, Val Color = "FFD800", Val PrevStageID = 0, Val EntityID = 0, Val AsAdmin = False, Val Token = "") Export
	Return AnswerAsMap(AttachLibrary().AddKanbanStage(URL, Name, Color, PrevStageID, EntityID, AsAdmin, Token));
EndFunction

// Renames, recolours or moves a kanban stage. REST: task.stages.update.
Function UpdateKanbansStage(Val URL, Val Name, Val StageID, Val Color = "", Val PrevStageID = 0, Val AsAdmin = False, Val Token = "") Export
	Return AnswerAsMap(AttachLibrary().UpdateKanbansStage(URL, Name, StageID, Color, PrevStageID, AsAdmin, Token));
EndFunction

// Deletes a kanban stage that holds no tasks. REST: task.stages.delete.
Function DeleteKanbanStage(Val URL, Val StageID, Val AsAdmin = False, Val Token = "") Export
	Return AnswerAsMap(AttachLibrary().DeleteKanbanStage(URL, StageID, AsAdmin, Token));
EndFunction

// Gets the stages of a group's kanban or of the user's plan, keyed by id. REST: task.stages.get.
Function GetKanbanStages(Val URL, Val EntityID = 0, Val AsAdmin = False, Val Token = "") Export
	Return AnswerAsMap(AttachLibrary().GetKanbanStages(URL, EntityID, AsAdmin, Token));
EndFunction

// Moves a task to a kanban stage, before or after another task. REST: task.stages.movetask.
Function MoveTaskToKanbanStage(Val URL, Val TaskID, Val StageID, Val Prev = 0, Val After = 0, Val Token = "") Export
	Return AnswerAsMap(AttachLibrary().MoveTaskToKanbanStage(URL, TaskID, StageID, Prev, After, Token));
EndFunction

// ===========
// Departments

// Creates a department under a parent, with its head. REST: department.add.
Function CreateDepartment(Val URL, Val Name, Val ParentID = "", Val HeadID = "", Val Token = "") Export
	Return AnswerAsMap(AttachLibrary().CreateDepartment(URL, Name, ParentID, HeadID, Token));
EndFunction

// Renames a department, moves it under another parent or changes its head. REST: department.update.
Function UpdateDepartment(Val URL, Val DepartmentID, Val Name = "", Val ParentID = "", Val HeadID = "", Val Token = "") Export
	Return AnswerAsMap(AttachLibrary().UpdateDepartment(URL, DepartmentID, Name, ParentID, HeadID, Token));
EndFunction

// Gets departments, all or those matching an id, a name, a parent or a head. REST: department.get.
Function GetDepartments(Val URL, Val DepartmentID = "", Val Name = "", Val ParentID = "", Val HeadID = "", Val Token = "") Export
	Return AnswerAsMap(AttachLibrary().GetDepartments(URL, DepartmentID, Name, ParentID, HeadID, Token));
EndFunction

// Deletes a department. REST: department.delete.
Function DeleteDepartment(Val URL, Val DepartmentID, Val Token = "") Export
	Return AnswerAsMap(AttachLibrary().DeleteDepartment(URL, DepartmentID, Token));
EndFunction

// =====
// Users

// Gets the user the webhook or token acts as. REST: user.current.
Function GetCurrentUser(Val URL, Val Token = "") Export
	Return AnswerAsMap(AttachLibrary().GetCurrentUser(URL, Token));
EndFunction

// Gets a user by id (a list of one, with total). REST: user.get.
Function GetUser(Val URL, Val UserID, Val Token = "") Export
	Return AnswerAsMap(AttachLibrary().GetUser(URL, UserID, Token));
EndFunction

// Invites a user: EMAIL, and UF_DEPARTMENT for an employee. REST: user.add.
Function CreateUser(Val URL, Val FieldsStructure, Val Token = "") Export
	Return AnswerAsMap(AttachLibrary().CreateUser(URL, ValueToJSON(FieldsStructure), Token));
EndFunction

// Changes a user's fields. REST: user.update.
Function UpdateUser(Val URL, Val UserID, Val FieldsStructure, Val Token = "") Export
	Return AnswerAsMap(AttachLibrary().UpdateUser(URL, UserID, ValueToJSON(FieldsStructure), Token));
EndFunction

// Deactivates (fires) a user, or activates one again. REST: user.update.
Function ChangeUserStatus(Val URL, Val UserID, Val Fire = True, Val Token = "") Export
	Return AnswerAsMap(AttachLibrary().ChangeUserStatus(URL, UserID, Fire, Token));
EndFunction

// Searches users by name, position, department or type. REST: user.search.
Function FindUsers(Val URL, Val FilterStructure, Val Token = "") Export
	Return AnswerAsMap(AttachLibrary().FindUsers(URL, ValueToJSON(FilterStructure), Token));
EndFunction

// Gets the user fields the portal knows, each with its label. REST: user.fields.
Function GetUserFieldsStructure(Val URL, Val Token = "") Export
	Return AnswerAsMap(AttachLibrary().GetUserFieldsStructure(URL, Token));
EndFunction

// Gives the keys FindUsers' filter takes, each with its meaning, or empty. REST: local, no request.
Function GetUserFilterStructure(Val Clear = False) Export
	Return AnswerAsStructure(AttachLibrary().GetUserFilterStructure(Clear), False);
EndFunction

// ===
// CRM

// Creates a lead from a structure of fields. REST: crm.lead.add.
Function CreateLead(Val URL, Val FieldsStructure, Val Token = "") Export
	Return AnswerAsMap(AttachLibrary().CreateLead(URL, ValueToJSON(FieldsStructure), Token));
EndFunction

// Deletes a lead. REST: crm.lead.delete.
Function DeleteLead(Val URL, Val LeadID, Val Token = "") Export
	Return AnswerAsMap(AttachLibrary().DeleteLead(URL, LeadID, Token));
EndFunction

// Gets a lead by id. REST: crm.lead.get.
Function GetLead(Val URL, Val LeadID, Val Token = "") Export
	Return AnswerAsMap(AttachLibrary().GetLead(URL, LeadID, Token));
EndFunction

// Lists leads, 50 a page, with a filter. REST: crm.lead.list.
Function GetLeadsList(Val URL, Val Filter = "", Val Indent = 0, Val Token = "") Export
	Return AnswerAsMap(AttachLibrary().GetLeadsList(URL, ValueToJSON(Filter), Indent, Token));
EndFunction

// Changes fields of a lead. REST: crm.lead.update.
Function UpdateLead(Val URL, Val LeadID, Val FieldsStructure, Val Token = "") Export
	Return AnswerAsMap(AttachLibrary().UpdateLead(URL, LeadID, ValueToJSON(FieldsStructure), Token));
EndFunction

// Gets the portal's description of a lead's fields. REST: crm.lead.fields.
Function GetLeadStructure(Val URL, Val Token = "") Export
	Return AnswerAsMap(AttachLibrary().GetLeadStructure(URL, Token));
EndFunction

// Gives the keys a lead filter takes, each with its meaning, or empty. REST: local, no request.
Function GetLeadFilterStructure(Val Clear = False) Export
	Return AnswerAsStructure(AttachLibrary().GetLeadFilterStructure(Clear), False);
EndFunction

// Creates a deal from a structure of fields. REST: crm.deal.add.
Function CreateDeal(Val URL, Val FieldsStructure, Val Token = "") Export
	Return AnswerAsMap(AttachLibrary().CreateDeal(URL, ValueToJSON(FieldsStructure), Token));
EndFunction

// Deletes a deal. REST: crm.deal.delete.
Function DeleteDeal(Val URL, Val DealID, Val Token = "") Export
	Return AnswerAsMap(AttachLibrary().DeleteDeal(URL, DealID, Token));
EndFunction

// Gets a deal by id. REST: crm.deal.get.
Function GetDeal(Val URL, Val DealID, Val Token = "") Export
	Return AnswerAsMap(AttachLibrary().GetDeal(URL, DealID, Token));
EndFunction

// Lists deals, 50 a page, with a filter. REST: crm.deal.list.
Function GetDealsList(Val URL, Val Filter = "", Val Indent = 0, Val Token = "") Export
	Return AnswerAsMap(AttachLibrary().GetDealsList(URL, ValueToJSON(Filter), Indent, Token));
EndFunction

// Changes fields of a deal. REST: crm.deal.update.
Function UpdateDeal(Val URL, Val DealID, Val FieldsStructure, Val Token = "") Export
	Return AnswerAsMap(AttachLibrary().UpdateDeal(URL, DealID, ValueToJSON(FieldsStructure), Token));
EndFunction

// Gets the portal's description of a deal's fields. REST: crm.deal.fields.
Function GetDealStructure(Val URL, Val Token = "") Export
	Return AnswerAsMap(AttachLibrary().GetDealStructure(URL, Token));
EndFunction

// Gives the keys a deal filter takes, each with its meaning, or empty. REST: local, no request.
Function GetDealsFilterStructure(Val Clear = False) Export
	Return AnswerAsStructure(AttachLibrary().GetDealsFilterStructure(Clear), False);
EndFunction

// =========
// Calendars

// Lists the calendars of a user or group. REST: calendar.section.get.
Function GetCalendarList(Val URL, Val OwnerID, Val Type, Val Token = "") Export
	Return AnswerAsMap(AttachLibrary().GetCalendarList(URL, OwnerID, Type, Token));
EndFunction

// Creates a calendar from a structure of fields (see GetCalendarStructure). REST: calendar.section.add.
Function CreateCalendar(Val URL, Val FieldsStructure, Val Token = "") Export
	Return AnswerAsMap(AttachLibrary().CreateCalendar(URL, ValueToJSON(FieldsStructure), Token));
EndFunction

// Changes a calendar's fields (type and ownerId among them). REST: calendar.section.update.
Function UpdateCalendar(Val URL, Val CalendarID, Val FieldsStructure, Val Token = "") Export
	Return AnswerAsMap(AttachLibrary().UpdateCalendar(URL, CalendarID, ValueToJSON(FieldsStructure), Token));
EndFunction

// Deletes a calendar. REST: calendar.section.delete.
Function DeleteCalendar(Val URL, Val CalendarID, Val OwnerID, Val Type, Val Token = "") Export
	Return AnswerAsMap(AttachLibrary().DeleteCalendar(URL, CalendarID, OwnerID, Type, Token));
EndFunction

// Gets users' busy time from their events between two days. REST: calendar.accessibility.get.
Function GetUserBusy(Val URL, Val Users, Val StartDate, Val EndDate, Val Token = "") Export
	Return AnswerAsMap(AttachLibrary().GetUserBusy(URL, ValueToJSON(Users), StartDate, EndDate, Token));
EndFunction

// Gets the caller's calendar settings. REST: calendar.user.settings.get.
Function GetCustomCalendarSettings(Val URL, Val Token = "") Export
	Return AnswerAsMap(AttachLibrary().GetCustomCalendarSettings(URL, Token));
EndFunction

// Sets the caller's calendar settings (see GetCalednarCustomSettingsStructure). REST: calendar.user.settings.set.
Function SetCustomCalendarSettings(Val URL, Val SettingsStructure, Val Token = "") Export
	Return AnswerAsMap(AttachLibrary().SetCustomCalendarSettings(URL, ValueToJSON(SettingsStructure), Token));
EndFunction

// Gets the portal's general calendar settings. REST: calendar.settings.get.
Function GetCalendarSettingsStructure(Val URL, Val Token = "") Export
	Return AnswerAsMap(AttachLibrary().GetCalendarSettingsStructure(URL, Token));
EndFunction

// Gives the keys of SetCustomCalendarSettings' settings, each with its meaning, or empty (OPI's spelling of the name). REST: local, no request.
Function GetCalednarCustomSettingsStructure(Val Clear = False) Export
	Return AnswerAsStructure(AttachLibrary().GetCalednarCustomSettingsStructure(Clear), False);
EndFunction

// Gives the keys of CreateCalendar's fields, each with its meaning, or empty. REST: local, no request.
Function GetCalendarStructure(Val Clear = False) Export
	Return AnswerAsStructure(AttachLibrary().GetCalendarStructure(Clear), False);
EndFunction

// ===============
// Calendar events

// Creates a calendar event or meeting from a structure of fields (see GetCalendarEventsStructure). REST: calendar.event.add.
Function CreateCalendarEvent(Val URL, Val EventDescription, Val Token = "") Export
	Return AnswerAsMap(AttachLibrary().CreateCalendarEvent(URL, ValueToJSON(EventDescription), Token));
EndFunction

// Changes a calendar event's fields. REST: calendar.event.update.
Function UpdateCalendarEvent(Val URL, Val EventID, Val EventDescription, Val Token = "") Export
	Return AnswerAsMap(AttachLibrary().UpdateCalendarEvent(URL, EventID, ValueToJSON(EventDescription), Token));
EndFunction

// Gets a calendar event by id. REST: calendar.event.getbyid.
Function GetCalendarEvent(Val URL, Val EventID, Val Token = "") Export
	Return AnswerAsMap(AttachLibrary().GetCalendarEvent(URL, EventID, Token));
EndFunction

// Lists the events of a user's or group's calendars, optionally between two days and in some calendars. REST: calendar.event.get.
Function GetCalendarEvents(Val URL, Val OwnerID, Val Type, Val Filter = "", Val Token = "") Export
	Return AnswerAsMap(AttachLibrary().GetCalendarEvents(URL, OwnerID, Type, ValueToJSON(Filter), Token));
EndFunction

// Deletes a calendar event. REST: calendar.event.delete.
Function DeleteCalendarEvent(Val URL, Val EventID, Val Token = "") Export
	Return AnswerAsMap(AttachLibrary().DeleteCalendarEvent(URL, EventID, Token));
EndFunction

// Gets the caller's status in a meeting: H (host), Y, N or Q (no answer yet). REST: calendar.meeting.status.get.
Function GetUserParticipationStatus(Val URL, Val EventID, Val Token = "") Export
	Return AnswerAsMap(AttachLibrary().GetUserParticipationStatus(URL, EventID, Token));
EndFunction

// Sets the caller's status in a meeting: Y (accepted), N (declined) or Q (no answer). REST: calendar.meeting.status.set.
Function SetUserParticipationStatus(Val URL, Val EventID, Val Status, Val Token = "") Export
	Return AnswerAsMap(AttachLibrary().SetUserParticipationStatus(URL, EventID, Status, Token));
EndFunction

// Gives the keys of CreateCalendarEvent's fields, each with its meaning, or empty. REST: local, no request.
Function GetCalendarEventsStructure(Val Clear = False) Export
	Return AnswerAsStructure(AttachLibrary().GetCalendarEventsStructure(Clear), False);
EndFunction

// Gives the keys GetCalendarEvents' filter takes, each with its meaning, or empty. REST: local, no request.
Function GetCalendarEventsFilterStructure(Val Clear = False) Export
	Return AnswerAsStructure(AttachLibrary().GetCalendarEventsFilterStructure(Clear), False);
EndFunction

// =========
// Chat bots

// Registers a chat bot that reads its events by polling (eventMode fetch); the same code again gives the same bot. REST: imbot.v2.Bot.register.
Function RegisterBot(Val URL, Val Code, Val Name, Val BotToken, Val Type = "", Val Properties = "", Val Token = "") Export
	Return AnswerAsMap(AttachLibrary().RegisterBot(URL, Code, Name, BotToken, Type, ValueToJSON(Properties), Token));
EndFunction

// Changes a bot's name and properties. REST: imbot.v2.Bot.update.
Function UpdateBot(Val URL, Val BotID, Val BotToken, Val Name = "", Val Properties = "", Val Token = "") Export
	Return AnswerAsMap(AttachLibrary().UpdateBot(URL, BotID, BotToken, Name, ValueToJSON(Properties), Token));
EndFunction

// Deletes a bot with its commands and events. REST: imbot.v2.Bot.unregister.
Function UnregisterBot(Val URL, Val BotID, Val BotToken, Val Token = "") Export
	Return AnswerAsMap(AttachLibrary().UnregisterBot(URL, BotID, BotToken, Token));
EndFunction

// Sends a message as the bot to a dialog (the event's chat.dialogId). REST: imbot.v2.Chat.Message.send.
Function SendBotMessage(Val URL, Val BotID, Val BotToken, Val ChatID, Val Text, Val Attachments = "", Val Keyboard = "", Val Token = "") Export
	Return AnswerAsMap(AttachLibrary().SendBotMessage(URL, BotID, BotToken, ChatID, Text, ValueToJSON(Attachments), ValueToJSON(Keyboard), Token));
EndFunction

// Changes the text, attachments or keyboard of a message the bot sent. REST: imbot.v2.Chat.Message.update.
Function EditBotMessage(Val URL, Val BotID, Val BotToken, Val MessageID, Val Text = "", Val Attachments = "", Val Keyboard = "", Val Token = "") Export
	Return AnswerAsMap(AttachLibrary().EditBotMessage(URL, BotID, BotToken, MessageID, Text, ValueToJSON(Attachments), ValueToJSON(Keyboard), Token));
EndFunction

// Deletes a message the bot sent. REST: imbot.v2.Chat.Message.delete.
Function DeleteBotMessage(Val URL, Val BotID, Val BotToken, Val MessageID, Val Token = "") Export
	Return AnswerAsMap(AttachLibrary().DeleteBotMessage(URL, BotID, BotToken, MessageID, Token));
EndFunction

// Registers a slash command of the bot (registering it again returns it unchanged). REST: imbot.v2.Command.register.
Function RegisterBotCommand(Val URL, Val BotID, Val BotToken, Val Command, Val Title, Val Params = "", Val Token = "") Export
	Return AnswerAsMap(AttachLibrary().RegisterBotCommand(URL, BotID, BotToken, Command, ValueToJSON(Title), ValueToJSON(Params), Token));
EndFunction

// Answers a command a user gave (an ONIMBOTV2COMMANDADD event) in its dialog. REST: imbot.v2.Command.answer.
Function AnswerBotCommand(Val URL, Val BotID, Val BotToken, Val CommandID, Val MessageID, Val ChatID, Val Text, Val Attachments = "", Val Token = "") Export
	Return AnswerAsMap(AttachLibrary().AnswerBotCommand(URL, BotID, BotToken, CommandID, MessageID, ChatID, Text, ValueToJSON(Attachments), Token));
EndFunction

// Reads the bot's events from the given offset, waiting for them up to wait seconds; acknowledges only what offset says. REST: imbot.v2.Event.get.
Function GetBotEvents(Val URL, Val BotID, Val BotToken, Val Offset = "", Val Limit = "", Val Wait = "", Val Token = "") Export
	Return AnswerAsMap(AttachLibrary().GetBotEvents(URL, BotID, BotToken, Offset, Limit, Wait, Token));
EndFunction

// ======
// Events

// Starts recording the current user's chat events for GetUserEvents (kept 24 hours). REST: im.v2.Event.subscribe.
Function SubscribeUserEvents(Val URL, Val Token = "") Export
	Return AnswerAsMap(AttachLibrary().SubscribeUserEvents(URL, Token));
EndFunction

// Reads the current user's chat events from the given offset, waiting for them up to wait seconds. REST: im.v2.Event.get.
Function GetUserEvents(Val URL, Val Offset = "", Val Limit = "", Val Wait = "", Val Token = "") Export
	Return AnswerAsMap(AttachLibrary().GetUserEvents(URL, Offset, Limit, Wait, Token));
EndFunction

// Queues an event (e.g. ONCRMDEALUPDATE) for GetOfflineEvents; an OAuth application's administrator only. REST: event.bind.
Function BindOfflineEvent(Val URL, Val Event, Val Connector = "", Val Token = "") Export
	Return AnswerAsMap(AttachLibrary().BindOfflineEvent(URL, Event, Connector, Token));
EndFunction

// Reserves queued offline events under a process_id without deleting them; with process, reads that reservation again. REST: event.offline.get.
Function GetOfflineEvents(Val URL, Val Filter = "", Val Limit = "", Val Connector = "", Val ProcessID = "", Val Token = "") Export
	Return AnswerAsMap(AttachLibrary().GetOfflineEvents(URL, ValueToJSON(Filter), Limit, Connector, ProcessID, Token));
EndFunction

// Deletes handled offline events of a reservation: the given ids, or all of it. REST: event.offline.clear.
Function ConfirmOfflineEvents(Val URL, Val ProcessID, Val IDs = "", Val Token = "") Export
	Return AnswerAsMap(AttachLibrary().ConfirmOfflineEvents(URL, ProcessID, ValueToJSON(IDs), Token));
EndFunction

// Marks offline events of a reservation as failed. REST: event.offline.error.
Function FailOfflineEvents(Val URL, Val ProcessID, Val IDs = "", Val Token = "") Export
	Return AnswerAsMap(AttachLibrary().FailOfflineEvents(URL, ProcessID, ValueToJSON(IDs), Token));
EndFunction

// =====
// Lists

// Reads a whole list, 2,500 rows a request, to a JSON Lines file or in pages with a next. REST: batch of the list method.
Function ListAll(Val URL, Val Method, Val Params = "", Val File = "", Val Token = "", Val Cursor = "", Val Limit = "", Val Shape = "") Export
	Return AnswerAsMap(AttachLibrary().ListAll(URL, Method, ValueToJSON(Params), File, Token, Cursor, Limit, ValueToJSON(Shape)));
EndFunction

// ==========
// Any method

// Calls any REST method with the given parameters and returns the portal's answer. REST: any REST method.
Function Call(Val URL, Val Method, Val Params = "", Val Token = "") Export
	Return AnswerAsMap(AttachLibrary().Call(URL, Method, ValueToJSON(Params), Token));
EndFunction

// Runs many calls in requests of up to 50 commands, each counting once against the portal's limit. REST: batch.
Function Batch(Val URL, Val Calls, Val Halt = "", Val Token = "") Export
	Return AnswerAsMap(AttachLibrary().Batch(URL, ValueToJSON(Calls), Halt, Token));
EndFunction

// =========
// Internals

// A Structure, Map or Array becomes its JSON text, as the add-in takes it; strings, numbers,
// dates and binary data go as they are.
Function ValueToJSON(Value)
	ValueType = TypeOf(Value);
	If ValueType = Type("Structure") Or ValueType = Type("Map") Or ValueType = Type("Array")
		Or ValueType = Type("FixedStructure") Or ValueType = Type("FixedMap")
		Or ValueType = Type("FixedArray") Then
		Writer = New JSONWriter;
		Writer.SetString();
		WriteJSON(Writer, Value);
		Return Writer.Close();
	EndIf;
	Return Value;
EndFunction

// Files as OPI takes them (a Map: file name -> path or BinaryData) as the add-in's JSON: binary
// data goes as {"name": name, "base64": ...}.
Function FilesToJSON(Files)
	If TypeOf(Files) <> Type("Map") And TypeOf(Files) <> Type("Structure") Then
		Return Files;
	EndIf;
	AsJSON = New Map;
	For Each File In Files Do
		If TypeOf(File.Value) = Type("BinaryData") Then
			Data = New Structure("name, base64", String(File.Key), Base64String(File.Value));
			AsJSON.Insert(String(File.Key), Data);
		Else
			AsJSON.Insert(String(File.Key), File.Value);
		EndIf;
	EndDo;
	Return ValueToJSON(AsJSON);
EndFunction

// The add-in's answer (JSON text) as a Map, as OPI returns it.
Function AnswerAsMap(JSONText)
	Reader = New JSONReader;
	Reader.SetString(JSONText);
	Result = ReadJSON(Reader, True);
	Reader.Close();
	Return Result;
EndFunction

// A building function's answer as a Structure (as OPI gives it), or a Map when asked for or
// when its keys cannot be a Structure's field names.
Function AnswerAsStructure(JSONText, AsMap)
	If AsMap = True Then
		Return AnswerAsMap(JSONText);
	EndIf;
	Try
		Reader = New JSONReader;
		Reader.SetString(JSONText);
		Result = ReadJSON(Reader, False);
		Reader.Close();
		Return Result;
	Except
		Return AnswerAsMap(JSONText);
	EndTry;
EndFunction
