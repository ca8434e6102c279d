BEGIN TRANSACTION;
CREATE TABLE agency (
	id VARCHAR(64) NOT NULL, 
	name VARCHAR NOT NULL, 
	kind VARCHAR NOT NULL, 
	PRIMARY KEY (id)
);
INSERT INTO "agency" VALUES('cambridgeshire-cc','Cambridgeshire County Council','local_authority');
INSERT INTO "agency" VALUES('peterborough-cc','Peterborough City Council','local_authority');
INSERT INTO "agency" VALUES('cp-icb','Cambridgeshire & Peterborough ICB (formerly CCG)','health');
INSERT INTO "agency" VALUES('cambs-police','Cambridgeshire Constabulary','police');
INSERT INTO "agency" VALUES('cp-cdop','Cambridgeshire & Peterborough Child Death Overview Panel','partnership');
CREATE TABLE api_token (
	id INTEGER NOT NULL, 
	agency_id VARCHAR(64) NOT NULL, 
	name VARCHAR(128) NOT NULL, 
	prefix VARCHAR(12) NOT NULL, 
	token_sha256 VARCHAR(64) NOT NULL, 
	created_at DATETIME NOT NULL, 
	created_by VARCHAR(128) NOT NULL, 
	revoked_at DATETIME, 
	last_used_at DATETIME, 
	PRIMARY KEY (id), 
	FOREIGN KEY(agency_id) REFERENCES agency (id), 
	UNIQUE (token_sha256)
);
INSERT INTO "api_token" VALUES(1,'peterborough-cc','nightly export','sdh_UOEPIyED','f3c3510fe0675021f62e524d7441f0b78dcb5f0370c270368622141b54d762b3','2026-12-06 05:26:21.278869','a.steward',NULL,NULL);
CREATE TABLE app_user (
	id INTEGER NOT NULL, 
	username VARCHAR(64) NOT NULL, 
	display_name VARCHAR(128) NOT NULL, 
	email VARCHAR(320), 
	role VARCHAR(32) NOT NULL, 
	agency_id VARCHAR(64), 
	password_hash VARCHAR(255) NOT NULL, 
	disabled BOOLEAN NOT NULL, 
	created_at DATETIME NOT NULL, 
	created_by VARCHAR(128) NOT NULL, 
	last_login_at DATETIME, 
	password_changed_at DATETIME, 
	PRIMARY KEY (id), 
	CONSTRAINT ck_app_user_role CHECK (role IN ('agency_submitter', 'data_steward', 'qeg_reader', 'admin')), 
	CONSTRAINT ck_app_user_agency_binding CHECK ((role = 'agency_submitter') = (agency_id IS NOT NULL)), 
	UNIQUE (username), 
	FOREIGN KEY(agency_id) REFERENCES agency (id)
);
INSERT INTO "app_user" VALUES(1,'a.steward','',NULL,'data_steward',NULL,'$argon2id$v=19$m=65536,t=3,p=4$3ojCT/occI/ZPktU32dBCQ$evmpUIrZuNlBeAQvMYWb1yElu29ZcGlQFnxCLkmLzRY',0,'2026-12-06 05:26:21.180748','admin',NULL,'2026-12-06 05:26:21.180447');
INSERT INTO "app_user" VALUES(2,'p.submitter','',NULL,'agency_submitter','peterborough-cc','$argon2id$v=19$m=65536,t=3,p=4$iGL6CQhVlpImREGnI9PHDw$8lucrXfxMgo7pdDgh1o+s7XpK9J7ANBfvizNAkhsDzk',0,'2026-12-06 05:26:21.276610','admin',NULL,'2026-12-06 05:26:21.276387');
CREATE TABLE area (
	code VARCHAR(16) NOT NULL, 
	name VARCHAR NOT NULL, 
	kind VARCHAR(16) NOT NULL, 
	parent VARCHAR(16), 
	PRIMARY KEY (code)
);
INSERT INTO "area" VALUES('CPSCP','Cambridgeshire & Peterborough','partnership',NULL);
INSERT INTO "area" VALUES('E10000003','Cambridgeshire','local_authority','CPSCP');
INSERT INTO "area" VALUES('E06000031','Peterborough','local_authority','CPSCP');
INSERT INTO "area" VALUES('E07000008','Cambridge','district','E10000003');
INSERT INTO "area" VALUES('E07000009','East Cambridgeshire','district','E10000003');
INSERT INTO "area" VALUES('E07000010','Fenland','district','E10000003');
INSERT INTO "area" VALUES('E07000011','Huntingdonshire','district','E10000003');
INSERT INTO "area" VALUES('E07000012','South Cambridgeshire','district','E10000003');
CREATE TABLE area_population (
	area_code VARCHAR(16) NOT NULL, 
	year INTEGER NOT NULL, 
	population_0_17 INTEGER NOT NULL, 
	PRIMARY KEY (area_code, year), 
	FOREIGN KEY(area_code) REFERENCES area (code)
);
INSERT INTO "area_population" VALUES('E10000003',2019,137900);
INSERT INTO "area_population" VALUES('E10000003',2020,138600);
INSERT INTO "area_population" VALUES('E10000003',2021,139300);
INSERT INTO "area_population" VALUES('E06000031',2019,49700);
INSERT INTO "area_population" VALUES('E06000031',2020,49900);
INSERT INTO "area_population" VALUES('E06000031',2021,50100);
CREATE TABLE child_event_fact (
	submission_id INTEGER NOT NULL, 
	row_number INTEGER NOT NULL, 
	child_key VARCHAR(64) NOT NULL, 
	area_code VARCHAR(16) NOT NULL, 
	period_label VARCHAR(16) NOT NULL, 
	event_type VARCHAR(32) NOT NULL, 
	event_date DATE NOT NULL, 
	age INTEGER, 
	gender VARCHAR(8), 
	ethnicity VARCHAR(8), 
	assessment_factors VARCHAR(255), 
	PRIMARY KEY (submission_id, row_number)
);
INSERT INTO "child_event_fact" VALUES(9,2,'45d89f1cca57e0e806a7b8cb34f02d37','E10000003','2021-02','assessment','2021-02-01',8,'2','WBRI','8B,17A,24A');
INSERT INTO "child_event_fact" VALUES(9,3,'63816743b2d128c91b032f92eb59acfb','E10000003','2021-02','s47','2021-02-01',16,'2','WBRI',NULL);
INSERT INTO "child_event_fact" VALUES(9,4,'6155fb9feeca2b12a14c96743a763631','E10000003','2021-02','contact','2021-02-01',9,'2','MWBC',NULL);
INSERT INTO "child_event_fact" VALUES(9,6,'b248c4b284026c93e0fbea0ecbf2fe1c','E10000003','2021-02','s47','2021-02-01',12,'1','WBRI',NULL);
INSERT INTO "child_event_fact" VALUES(9,7,'23e46eb3f38b3f5ce464a45bab16fbf9','E10000003','2021-02','assessment','2021-02-01',15,'1','WBRI','7A');
INSERT INTO "child_event_fact" VALUES(9,8,'60f3df5c91af089d64f91c8f394cf670','E10000003','2021-02','early_help','2021-02-01',3,'1','WBRI',NULL);
INSERT INTO "child_event_fact" VALUES(9,9,'3fb5aac39605db8e7e69319930dd7d90','E10000003','2021-02','contact','2021-02-01',8,'1','WBRI',NULL);
INSERT INTO "child_event_fact" VALUES(9,10,'d787cb005587f5f3a68f3f0e5167e850','E10000003','2021-02','early_help','2021-02-01',8,'2','WBRI',NULL);
INSERT INTO "child_event_fact" VALUES(9,11,'0c4968e0364f424cdb7c8a2d349b41cc','E10000003','2021-02','referral','2021-02-01',11,'1','WBRI',NULL);
INSERT INTO "child_event_fact" VALUES(9,12,'bf80c3aee4615e4ddc3c0f699e22ae09','E10000003','2021-02','early_help','2021-02-01',10,'2','WBRI',NULL);
INSERT INTO "child_event_fact" VALUES(9,13,'ae6f33b45e187c8c89aaaf7a471e8d97','E10000003','2021-02','referral','2021-02-01',12,'1','WOTH',NULL);
INSERT INTO "child_event_fact" VALUES(9,14,'0bd1fc3d6cf177bbee4dea105cf60eb2','E10000003','2021-02','contact','2021-02-01',12,'2','WOTH',NULL);
INSERT INTO "child_event_fact" VALUES(9,15,'b3fc80416df8e085a8f958f89913a8a6','E10000003','2021-02','contact','2021-02-01',2,'2','WBRI',NULL);
INSERT INTO "child_event_fact" VALUES(9,16,'a5b7a9814e638333234a8bb941f740d6','E10000003','2021-02','referral','2021-02-01',8,'0','WOTH',NULL);
INSERT INTO "child_event_fact" VALUES(9,17,'6f6ef2e211b060af3889eb056caccf2d','E10000003','2021-02','early_help','2021-02-02',0,'1','APKN',NULL);
INSERT INTO "child_event_fact" VALUES(9,18,'de7942633f4c9f00f5e593a91c9dcf54','E10000003','2021-02','referral','2021-02-02',14,'2','WBRI',NULL);
INSERT INTO "child_event_fact" VALUES(9,19,'a61466ce5c19d190343764b122bb5513','E10000003','2021-02','referral','2021-02-02',9,'2','WBRI',NULL);
INSERT INTO "child_event_fact" VALUES(9,20,'a698423c4b44f2a0db96a24142d70612','E10000003','2021-02','contact','2021-02-02',4,'1','WBRI',NULL);
INSERT INTO "child_event_fact" VALUES(9,21,'c84e3c632710cef3345758dd49db982b','E10000003','2021-02','s47','2021-02-02',13,'0','NOBT',NULL);
INSERT INTO "child_event_fact" VALUES(9,22,'237b8b3c21f4fd2347621b63c8c467ed','E10000003','2021-02','contact','2021-02-02',6,'1','WBRI',NULL);
INSERT INTO "child_event_fact" VALUES(9,23,'06686d257a13c4beb23346ff04ae9176','E10000003','2021-02','contact','2021-02-02',11,'1','WBRI',NULL);
INSERT INTO "child_event_fact" VALUES(9,24,'ee3936e65a9134a80f0fbf41a9ff4229','E10000003','2021-02','referral','2021-02-02',11,'2','WBRI',NULL);
INSERT INTO "child_event_fact" VALUES(9,25,'e194b63423fe205a19c97ec15e733f4a','E10000003','2021-02','contact','2021-02-02',0,'2','WOTH',NULL);
INSERT INTO "child_event_fact" VALUES(9,26,'26a5120301d2716b69fb1c85fae5e932','E10000003','2021-02','assessment','2021-02-02',6,'1','WBRI','3B,18B,22A');
INSERT INTO "child_event_fact" VALUES(9,27,'3566a363d583e8db4e531d13d0cdcd71','E10000003','2021-02','contact','2021-02-02',1,'1','WBRI',NULL);
INSERT INTO "child_event_fact" VALUES(9,28,'8192d71103bc0674da02086b06ad51d0','E10000003','2021-02','icpc','2021-02-02',13,'2','NOBT',NULL);
INSERT INTO "child_event_fact" VALUES(9,29,'83a6cfd7ef50376b6c57e5bb353de487','E10000003','2021-02','referral','2021-02-03',2,'2','WBRI',NULL);
INSERT INTO "child_event_fact" VALUES(9,30,'a8a785938e0d0a3ab019c58c7687273c','E10000003','2021-02','contact','2021-02-03',11,'2','WBRI',NULL);
INSERT INTO "child_event_fact" VALUES(9,31,'984684e17fead54b7bdbc70d81226b7f','E10000003','2021-02','referral','2021-02-03',15,'2','WOTH',NULL);
INSERT INTO "child_event_fact" VALUES(9,32,'56ff8a3c636535379f92e4de812dd957','E10000003','2021-02','assessment','2021-02-03',9,'1','WBRI','1B,11A');
INSERT INTO "child_event_fact" VALUES(9,33,'f0a70a8aa70ede616fb2dc9842fe47fa','E10000003','2021-02','early_help','2021-02-03',3,'1','WBRI',NULL);
INSERT INTO "child_event_fact" VALUES(9,34,'4f04e160f33fbbd8af74cefdf33818d1','E10000003','2021-02','early_help','2021-02-03',11,'2','WBRI',NULL);
INSERT INTO "child_event_fact" VALUES(9,35,'87b81d4d65ad951bbe2434949f0482cb','E10000003','2021-02','contact','2021-02-03',17,'1','WBRI',NULL);
INSERT INTO "child_event_fact" VALUES(9,36,'18f58239575fb94f8eedba856292aa43','E10000003','2021-02','contact','2021-02-03',14,'1','MOTH',NULL);
INSERT INTO "child_event_fact" VALUES(9,37,'3d19cce2e9ddab8532865b2a59758ced','E10000003','2021-02','contact','2021-02-03',7,'1','MWBC',NULL);
INSERT INTO "child_event_fact" VALUES(9,38,'f0e03457a006b633e2e8eaeb10abd11d','E10000003','2021-02','contact','2021-02-03',14,'1','WBRI',NULL);
INSERT INTO "child_event_fact" VALUES(9,39,'6191fe4d0d0f4868927330bef9be6ab3','E10000003','2021-02','contact','2021-02-03',17,'2','WBRI',NULL);
INSERT INTO "child_event_fact" VALUES(9,40,'3a8603bc5459aa39d1c63762837d0ebb','E10000003','2021-02','contact','2021-02-03',6,'1','WBRI',NULL);
INSERT INTO "child_event_fact" VALUES(9,41,'38c367531556721cc0d5965591ab8503','E10000003','2021-02','early_help','2021-02-03',0,'2','WBRI',NULL);
INSERT INTO "child_event_fact" VALUES(9,42,'eb4f579050a493c03501085e31762531','E10000003','2021-02','early_help','2021-02-03',2,'2','NOBT',NULL);
INSERT INTO "child_event_fact" VALUES(9,43,'bbe487b4eda3919f95962ad6a7ebb971','E10000003','2021-02','contact','2021-02-03',7,'1','WBRI',NULL);
INSERT INTO "child_event_fact" VALUES(9,44,'21e3e1f1464b9968b575764f70fe7efc','E10000003','2021-02','contact','2021-02-03',8,'2','WBRI',NULL);
INSERT INTO "child_event_fact" VALUES(9,45,'58b2e9ce87e9df3cefebd0d91dc08852','E10000003','2021-02','contact','2021-02-03',17,'1','WBRI',NULL);
INSERT INTO "child_event_fact" VALUES(9,46,'1902e3fc2083654daaf174973d64380f','E10000003','2021-02','contact','2021-02-03',7,'2','WBRI',NULL);
INSERT INTO "child_event_fact" VALUES(9,47,'8db4993e1dd4c79204e3f9a4aa9ab390','E10000003','2021-02','contact','2021-02-04',0,'1','WBRI',NULL);
INSERT INTO "child_event_fact" VALUES(9,48,'31225bc9cef9032cc5dcc25bae2250a5','E10000003','2021-02','contact','2021-02-04',3,'1','WBRI',NULL);
INSERT INTO "child_event_fact" VALUES(9,49,'3e1cd8857a45efcb84c1a4bc262c1d7f','E10000003','2021-02','contact','2021-02-04',2,'1','AOTH',NULL);
INSERT INTO "child_event_fact" VALUES(9,50,'64fd4ffcb5e48ab29d34957c47fc28dd','E10000003','2021-02','contact','2021-02-04',16,'1','WOTH',NULL);
INSERT INTO "child_event_fact" VALUES(9,51,'149668d74a6052f936efb07b494a12f0','E10000003','2021-02','referral','2021-02-04',16,'2','APKN',NULL);
INSERT INTO "child_event_fact" VALUES(9,52,'47b9792bb2d308f0eb92071b41e2528b','E10000003','2021-02','contact','2021-02-04',9,'1','WBRI',NULL);
INSERT INTO "child_event_fact" VALUES(9,53,'4d0efcb116032f4b24ebc525f5469c45','E10000003','2021-02','assessment','2021-02-04',4,'0','MOTH','2B,5B,11A,19B');
INSERT INTO "child_event_fact" VALUES(9,54,'06686d257a13c4beb23346ff04ae9176','E10000003','2021-02','contact','2021-02-04',11,'1','WBRI',NULL);
INSERT INTO "child_event_fact" VALUES(9,55,'1c017ef38e229cf5f6fe26bc063444bd','E10000003','2021-02','contact','2021-02-04',2,'1','WBRI',NULL);
INSERT INTO "child_event_fact" VALUES(9,56,'bf887b75220a16a43efb5149dfaeee46','E10000003','2021-02','assessment','2021-02-04',15,'2','WBRI','4B,8B,11A,16A');
INSERT INTO "child_event_fact" VALUES(9,57,'09d8915a22a983386a537a91e774a88d','E10000003','2021-02','contact','2021-02-04',1,'1','WBRI',NULL);
INSERT INTO "child_event_fact" VALUES(9,58,'58b2e9ce87e9df3cefebd0d91dc08852','E10000003','2021-02','contact','2021-02-04',17,'1','WBRI',NULL);
INSERT INTO "child_event_fact" VALUES(9,59,'7b53604259a1c4b71da5b7d9744d17ed','E10000003','2021-02','assessment','2021-02-04',0,'2','WBRI','22A');
INSERT INTO "child_event_fact" VALUES(9,60,'83896120f53f7d2e182dbd6c6f8a5505','E10000003','2021-02','contact','2021-02-04',14,'1','BAFR',NULL);
INSERT INTO "child_event_fact" VALUES(9,61,'44eb8e604d069b21652b077608f3099e','E10000003','2021-02','referral','2021-02-04',8,'1','WIRT',NULL);
INSERT INTO "child_event_fact" VALUES(9,62,'1957c6b9c4ae4058aa128c6f214d2680','E10000003','2021-02','early_help','2021-02-05',10,'1','WBRI',NULL);
INSERT INTO "child_event_fact" VALUES(9,63,'c5006f6b47b5a97dfe8f18858145982d','E10000003','2021-02','contact','2021-02-05',1,'1','WBRI',NULL);
INSERT INTO "child_event_fact" VALUES(9,64,'8b97c1680a98adbbb0b25e8448ebef4d','E10000003','2021-02','contact','2021-02-05',8,'2','WBRI',NULL);
INSERT INTO "child_event_fact" VALUES(9,65,'63714cd7af5641e5834d848dfe1d655b','E10000003','2021-02','contact','2021-02-05',12,'2','WBRI',NULL);
INSERT INTO "child_event_fact" VALUES(9,66,'a7893f68cca99a25d1f57a165126c031','E10000003','2021-02','contact','2021-02-05',14,'2','NOBT',NULL);
INSERT INTO "child_event_fact" VALUES(9,67,'5d4ea8f7b5626d166a336c2708af982b','E10000003','2021-02','early_help','2021-02-05',7,'2','WROM',NULL);
INSERT INTO "child_event_fact" VALUES(9,68,'4f9100075298530bc1f8bf135aed0c37','E10000003','2021-02','contact','2021-02-05',3,'2','NOBT',NULL);
INSERT INTO "child_event_fact" VALUES(9,69,'c3cc26434a292f2d08beaceab005b5f8','E10000003','2021-02','early_help','2021-02-05',11,'2','WBRI',NULL);
INSERT INTO "child_event_fact" VALUES(9,70,'ae4edb46157c8d0d00ce3695ca1a8926','E10000003','2021-02','contact','2021-02-05',9,'1','WBRI',NULL);
INSERT INTO "child_event_fact" VALUES(9,71,'db0d20dee9f50a2ccd7d182f05887e8b','E10000003','2021-02','s47','2021-02-05',7,'1','WBRI',NULL);
INSERT INTO "child_event_fact" VALUES(9,72,'859ecfaf8903742b0449ab9588620efb','E10000003','2021-02','early_help','2021-02-05',16,'1','WBRI',NULL);
INSERT INTO "child_event_fact" VALUES(9,73,'9289984fa2e9997c5d5990e8cdc8e376','E10000003','2021-02','contact','2021-02-05',12,'2','WBRI',NULL);
INSERT INTO "child_event_fact" VALUES(9,74,'f804328f91fac6b914b7bc1b5e827a4f','E10000003','2021-02','referral','2021-02-05',3,'2','WBRI',NULL);
INSERT INTO "child_event_fact" VALUES(9,75,'1a6252a26d9b970b6441f788d38e7cdf','E10000003','2021-02','contact','2021-02-05',10,'1','CHNE',NULL);
INSERT INTO "child_event_fact" VALUES(9,76,'2c7c732623cb0f721b6d39c5be1cbc82','E10000003','2021-02','contact','2021-02-05',9,'2','NOBT',NULL);
INSERT INTO "child_event_fact" VALUES(9,77,'ebaa6b8efede3f8ec70aeaf57c43c029','E10000003','2021-02','early_help','2021-02-06',6,'2','WBRI',NULL);
INSERT INTO "child_event_fact" VALUES(9,78,'0037cecc77b7b371218f68dfbc7bc852','E10000003','2021-02','early_help','2021-02-06',10,'2','WBRI',NULL);
INSERT INTO "child_event_fact" VALUES(9,79,'db7b547e4e367bfbe8cfcc6850eaae80','E10000003','2021-02','contact','2021-02-06',16,'1','WBRI',NULL);
INSERT INTO "child_event_fact" VALUES(9,80,'b78eee1c6a7342b5d6bcd8f6bf75e527','E10000003','2021-02','referral','2021-02-06',14,'2','WBRI',NULL);
INSERT INTO "child_event_fact" VALUES(9,81,'598ce4ab3c9e363670647e89cbeb9eaf','E10000003','2021-02','assessment','2021-02-06',10,'2','WBRI','7A,10A,15A,22A');
INSERT INTO "child_event_fact" VALUES(9,82,'7aa47787fcadcb3678abb605d205a5b5','E10000003','2021-02','icpc','2021-02-06',10,'2','WBRI',NULL);
INSERT INTO "child_event_fact" VALUES(9,83,'2df152a13bd36a2d1ba57be70a411cd6','E10000003','2021-02','referral','2021-02-06',1,'1','WOTH',NULL);
INSERT INTO "child_event_fact" VALUES(9,84,'5efad4f84005aa9a73e2d1d0eade9351','E10000003','2021-02','contact','2021-02-06',15,'2','REFU',NULL);
INSERT INTO "child_event_fact" VALUES(9,85,'a04861150046758707f526ad252c7521','E10000003','2021-02','early_help','2021-02-06',4,'1','WBRI',NULL);
INSERT INTO "child_event_fact" VALUES(9,86,'47b9792bb2d308f0eb92071b41e2528b','E10000003','2021-02','assessment','2021-02-06',9,'1','WBRI','6A,7A,14A,19B');
INSERT INTO "child_event_fact" VALUES(9,87,'a698423c4b44f2a0db96a24142d70612','E10000003','2021-02','contact','2021-02-06',4,'1','WBRI',NULL);
INSERT INTO "child_event_fact" VALUES(9,88,'a698423c4b44f2a0db96a24142d70612','E10000003','2021-02','early_help','2021-02-06',4,'1','WBRI',NULL);
INSERT INTO "child_event_fact" VALUES(9,89,'95c52592c09c81a4e9d53c6ec47b8e96','E10000003','2021-02','contact','2021-02-06',15,'1','WBRI',NULL);
INSERT INTO "child_event_fact" VALUES(9,90,'68fed87022127e89380ba228edee684d','E10000003','2021-02','contact','2021-02-06',4,'2','WBRI',NULL);
INSERT INTO "child_event_fact" VALUES(9,91,'d0acc4d109b7732b0edfa8af9181e742','E10000003','2021-02','contact','2021-02-06',3,'2','WBRI',NULL);
INSERT INTO "child_event_fact" VALUES(9,92,'b605ba846ae6cfa93c51b3a2bfdc7794','E10000003','2021-02','contact','2021-02-06',16,'2','WBRI',NULL);
INSERT INTO "child_event_fact" VALUES(9,93,'dd7c8665bb02b4a8aa6aae6839f5dd8f','E10000003','2021-02','contact','2021-02-06',16,'1','AIND',NULL);
INSERT INTO "child_event_fact" VALUES(9,94,'cec67ee3465b95eb64085729246f9d9a','E10000003','2021-02','contact','2021-02-06',1,'2','WBRI',NULL);
INSERT INTO "child_event_fact" VALUES(9,95,'4db37494773812fbf5ef5b4aa0b9c155','E10000003','2021-02','assessment','2021-02-06',8,'2','WBRI','4A,8B');
INSERT INTO "child_event_fact" VALUES(9,96,'4530884a98bd5d9897f34eb98b3d5273','E10000003','2021-02','contact','2021-02-06',4,'2','WBRI',NULL);
INSERT INTO "child_event_fact" VALUES(9,97,'bc081f165ec37c952ca8ec4b0617924d','E10000003','2021-02','contact','2021-02-06',13,'0','WROM',NULL);
INSERT INTO "child_event_fact" VALUES(9,98,'86b70985322d5a1c1343b0a0d017de7b','E10000003','2021-02','contact','2021-02-06',12,'2','WBRI',NULL);
INSERT INTO "child_event_fact" VALUES(9,99,'21efc31e6fb0e7971985f1b2a7840787','E10000003','2021-02','early_help','2021-02-06',11,'1','WBRI',NULL);
INSERT INTO "child_event_fact" VALUES(9,100,'fbca260e025a7ebb155b7540f19674fa','E10000003','2021-02','contact','2021-02-06',4,'2','MWBC',NULL);
INSERT INTO "child_event_fact" VALUES(9,101,'058512eff62dcee7cc19e757933e6fea','E10000003','2021-02','contact','2021-02-06',16,'1','WOTH',NULL);
INSERT INTO "child_event_fact" VALUES(9,102,'e6813060c5eda0f96ddd2b8f4da3f461','E10000003','2021-02','contact','2021-02-07',9,'1','BAFR',NULL);
INSERT INTO "child_event_fact" VALUES(9,103,'a8d48ee5faacbb2354df534a9e83f9b5','E10000003','2021-02','contact','2021-02-07',11,'2','WOTH',NULL);
INSERT INTO "child_event_fact" VALUES(9,104,'ef6ce714e11146535e8571351d31ab47','E10000003','2021-02','early_help','2021-02-07',7,'1','WBRI',NULL);
INSERT INTO "child_event_fact" VALUES(9,105,'e19d61bd4f726ce7d09759e9f9711ac4','E10000003','2021-02','early_help','2021-02-07',11,'1','WBRI',NULL);
INSERT INTO "child_event_fact" VALUES(9,106,'712943aeda7472977f70ba2f3bbd5cfc','E10000003','2021-02','referral','2021-02-07',7,'2','WBRI',NULL);
INSERT INTO "child_event_fact" VALUES(9,107,'83881bd80640f4f3024ca2b91c841d9c','E10000003','2021-02','referral','2021-02-07',15,'2','WBRI',NULL);
INSERT INTO "child_event_fact" VALUES(9,108,'9157922b8f8ae5eadc223ecc01f2bc5c','E10000003','2021-02','contact','2021-02-07',16,'2','WBRI',NULL);
INSERT INTO "child_event_fact" VALUES(9,109,'f8ed17c86f4058ce7ee9ed6e04bb5675','E10000003','2021-02','referral','2021-02-07',14,'2','WBRI',NULL);
INSERT INTO "child_event_fact" VALUES(9,110,'c5b8f236ccaa1b1a2ca9012f9bc21f40','E10000003','2021-02','contact','2021-02-07',8,'1','WBRI',NULL);
INSERT INTO "child_event_fact" VALUES(9,111,'6f30d75245cd072ce0c52662c5f7055f','E10000003','2021-02','assessment','2021-02-07',4,'1','WBRI','4B,18B');
INSERT INTO "child_event_fact" VALUES(9,112,'6f30d75245cd072ce0c52662c5f7055f','E10000003','2021-02','contact','2021-02-07',4,'1','WBRI',NULL);
INSERT INTO "child_event_fact" VALUES(9,113,'3bdff4cb263357229f448a35e4997d7f','E10000003','2021-02','icpc','2021-02-08',15,'1','MWBC',NULL);
INSERT INTO "child_event_fact" VALUES(9,114,'56ab46fd253c39c5927da52326db88b5','E10000003','2021-02','assessment','2021-02-08',5,'1','MWBC','3B');
INSERT INTO "child_event_fact" VALUES(9,115,'720fc25bfe7eace5210867a1f73ad176','E10000003','2021-02','contact','2021-02-08',1,'1','WBRI',NULL);
INSERT INTO "child_event_fact" VALUES(9,116,'bc8c1eca99bd33a608a68c7280d09aa6','E10000003','2021-02','assessment','2021-02-08',2,'1','WOTH','1B,3B');
INSERT INTO "child_event_fact" VALUES(9,117,'2b716043d994d555bd1a494113eaa078','E10000003','2021-02','contact','2021-02-08',14,'2','WBRI',NULL);
INSERT INTO "child_event_fact" VALUES(9,118,'9ee99fd1f2c5a1f615bf257699ac1219','E10000003','2021-02','early_help','2021-02-08',14,'2','WBRI',NULL);
INSERT INTO "child_event_fact" VALUES(9,119,'2f5a0b45cede88aa74bd039efdb459d2','E10000003','2021-02','early_help','2021-02-08',12,'1','REFU',NULL);
INSERT INTO "child_event_fact" VALUES(9,120,'64fad2974948719ee58519d8664f52d0','E10000003','2021-02','contact','2021-02-08',13,'2','BAFR',NULL);
INSERT INTO "child_event_fact" VALUES(9,121,'0108f7996dc7cfec03e4b9376e6f9246','E10000003','2021-02','contact','2021-02-08',4,'1','WBRI',NULL);
INSERT INTO "child_event_fact" VALUES(9,122,'8bb8f2a685d0fccf7678222a92d17012','E10000003','2021-02','early_help','2021-02-08',5,'2','WBRI',NULL);
INSERT INTO "child_event_fact" VALUES(9,123,'eb1ed602f809c02ef40811841c59733f','E10000003','2021-02','contact','2021-02-08',3,'1','WBRI',NULL);
INSERT INTO "child_event_fact" VALUES(9,124,'6cc1fb9eafa7b1d2a2031acd56d86657','E10000003','2021-02','early_help','2021-02-08',4,'1','WBRI',NULL);
INSERT INTO "child_event_fact" VALUES(9,125,'d238a6cb8abbb07df3f50482dcd3f2a6','E10000003','2021-02','referral','2021-02-08',16,'1','WBRI',NULL);
INSERT INTO "child_event_fact" VALUES(9,126,'def91ce0db1d52ff95a5189dd464e349','E10000003','2021-02','referral','2021-02-08',1,'1','WBRI',NULL);
INSERT INTO "child_event_fact" VALUES(9,127,'5ce534b6045bc5ee6dc1d2d68e8853e7','E10000003','2021-02','referral','2021-02-08',1,'2','OOTH',NULL);
INSERT INTO "child_event_fact" VALUES(9,128,'bf50cc28c930ff4aa2b68a3d734c7435','E10000003','2021-02','s47','2021-02-08',16,'1','WBRI',NULL);
INSERT INTO "child_event_fact" VALUES(9,129,'09d8915a22a983386a537a91e774a88d','E10000003','2021-02','early_help','2021-02-08',1,'1','WBRI',NULL);
INSERT INTO "child_event_fact" VALUES(9,130,'7b53604259a1c4b71da5b7d9744d17ed','E10000003','2021-02','referral','2021-02-08',0,'2','WBRI',NULL);
INSERT INTO "child_event_fact" VALUES(9,131,'25abac31dc4affc1092db55008b14676','E10000003','2021-02','referral','2021-02-08',8,'1','WBRI',NULL);
INSERT INTO "child_event_fact" VALUES(9,132,'8b10af4c9e8bdf59bff5344c289c3dde','E10000003','2021-02','contact','2021-02-08',15,'2','WBRI',NULL);
INSERT INTO "child_event_fact" VALUES(9,133,'3b10b62f558e74e75c1ed5422b594c52','E10000003','2021-02','contact','2021-02-08',1,'1','WIRT',NULL);
INSERT INTO "child_event_fact" VALUES(9,134,'959c81f60af91d680a0cc23fb7c3f555','E10000003','2021-02','icpc','2021-02-09',0,'1','CHNE',NULL);
INSERT INTO "child_event_fact" VALUES(9,135,'6b23aa48a42dfb8ccae3d3f764079454','E10000003','2021-02','early_help','2021-02-09',7,'2','MWBC',NULL);
INSERT INTO "child_event_fact" VALUES(9,136,'038c4b437ceb9a358d91d001c1b7cb99','E10000003','2021-02','contact','2021-02-09',14,'1','WBRI',NULL);
INSERT INTO "child_event_fact" VALUES(9,137,'a445d88562fa7f2937166505ad18ece1','E10000003','2021-02','assessment','2021-02-09',7,'1','MWBC','3B,8B,22A');
INSERT INTO "child_event_fact" VALUES(9,138,'ced8f455f267872ffe4e7988f318406b','E10000003','2021-02','s47','2021-02-09',15,'2','WBRI',NULL);
INSERT INTO "child_event_fact" VALUES(9,139,'370ddab359d1497ecbc57cc446cbf673','E10000003','2021-02','contact','2021-02-09',11,'2','WBRI',NULL);
INSERT INTO "child_event_fact" VALUES(9,140,'018662bb062926ffe656586e695b7223','E10000003','2021-02','early_help','2021-02-09',7,'1','WOTH',NULL);
INSERT INTO "child_event_fact" VALUES(9,141,'3bdff4cb263357229f448a35e4997d7f','E10000003','2021-02','contact','2021-02-10',15,'1','MWBC',NULL);
INSERT INTO "child_event_fact" VALUES(9,142,'6e025f73cc77ed6ada88c6df2ced1916','E10000003','2021-02','contact','2021-02-10',4,'2','WBRI',NULL);
INSERT INTO "child_event_fact" VALUES(9,143,'0e2ee320d63b6d995dd121fe8f7bd866','E10000003','2021-02','referral','2021-02-10',10,'1','BOTH',NULL);
INSERT INTO "child_event_fact" VALUES(9,144,'f41f23eb970de19a79995421e73cf17b','E10000003','2021-02','early_help','2021-02-10',17,'1','WIRI',NULL);
INSERT INTO "child_event_fact" VALUES(9,145,'b0ca5d9d77c6450edb9f326c113f455e','E10000003','2021-02','contact','2021-02-10',17,'1','WBRI',NULL);
INSERT INTO "child_event_fact" VALUES(9,146,'165bad6cee071929719e3c42652fc50e','E10000003','2021-02','contact','2021-02-10',9,'0','WBRI',NULL);
INSERT INTO "child_event_fact" VALUES(9,147,'a299f42f3e845bcd08f7ca40e26c2a9b','E10000003','2021-02','assessment','2021-02-10',9,'2','APKN','5B,10A,11A');
INSERT INTO "child_event_fact" VALUES(9,148,'f1b285ed6372d9f449c7647d43db97df','E10000003','2021-02','s47','2021-02-10',10,'2','WBRI',NULL);
INSERT INTO "child_event_fact" VALUES(9,149,'1524dab504b25b2fd5da50d01945bba5','E10000003','2021-02','contact','2021-02-10',3,'2','APKN',NULL);
INSERT INTO "child_event_fact" VALUES(9,150,'4530884a98bd5d9897f34eb98b3d5273','E10000003','2021-02','referral','2021-02-10',4,'2','WBRI',NULL);
INSERT INTO "child_event_fact" VALUES(9,151,'a3462a661d322b9807d410a87f003b5c','E10000003','2021-02','contact','2021-02-10',15,'2','WBRI',NULL);
INSERT INTO "child_event_fact" VALUES(9,152,'914236e833d0f4ba6de8920b0624c9a4','E10000003','2021-02','early_help','2021-02-10',5,'2','OOTH',NULL);
INSERT INTO "child_event_fact" VALUES(9,153,'e24895eb8380296ab8891485cd4af1f9','E10000003','2021-02','referral','2021-02-10',11,'1','WBRI',NULL);
INSERT INTO "child_event_fact" VALUES(9,154,'1848d69a390a95c71615448b710cd174','E10000003','2021-02','assessment','2021-02-10',5,'1','WBRI','1B,4A');
INSERT INTO "child_event_fact" VALUES(9,155,'30b41b269825aa18e93784a3162360e0','E10000003','2021-02','s47','2021-02-10',12,'2','WBRI',NULL);
INSERT INTO "child_event_fact" VALUES(9,156,'ca5eccbd4709a61bbd947ad62a76709e','E10000003','2021-02','early_help','2021-02-11',14,'1','BAFR',NULL);
INSERT INTO "child_event_fact" VALUES(9,157,'8b97c1680a98adbbb0b25e8448ebef4d','E10000003','2021-02','early_help','2021-02-11',8,'2','WBRI',NULL);
INSERT INTO "child_event_fact" VALUES(9,158,'b71c9c3cdf0bc844af69d02831cf0a3a','E10000003','2021-02','contact','2021-02-11',5,'2','WBRI',NULL);
INSERT INTO "child_event_fact" VALUES(9,159,'5af665fe91da2141df12c02acf781a84','E10000003','2021-02','early_help','2021-02-11',1,'1','WBRI',NULL);
INSERT INTO "child_event_fact" VALUES(9,160,'e4b48548ed3ace56334072f685ee9a62','E10000003','2021-02','assessment','2021-02-11',15,'2','WBRI','5B');
INSERT INTO "child_event_fact" VALUES(9,161,'17c645f75fb39aa0d888b370f0690bdf','E10000003','2021-02','contact','2021-02-11',12,'1','WBRI',NULL);
INSERT INTO "child_event_fact" VALUES(9,162,'b2fce6900cf4087c6aee8c2e6e5af534','E10000003','2021-02','referral','2021-02-11',8,'1','AIND',NULL);
INSERT INTO "child_event_fact" VALUES(9,163,'5db7e1cbb6fddbeefa1ad9d791b3932e','E10000003','2021-02','referral','2021-02-11',11,'2','MOTH',NULL);
INSERT INTO "child_event_fact" VALUES(9,164,'d35be5dd8a654ccb5e30d2d82bc51349','E10000003','2021-02','early_help','2021-02-11',3,'1','WBRI',NULL);
INSERT INTO "child_event_fact" VALUES(9,165,'fe449b27a68f6c5c3a6dac0698e53af0','E10000003','2021-02','contact','2021-02-11',16,'2','WBRI',NULL);
INSERT INTO "child_event_fact" VALUES(9,166,'6606646da643cef03b84863ca96a825f','E10000003','2021-02','icpc','2021-02-11',11,'1','WBRI',NULL);
INSERT INTO "child_event_fact" VALUES(9,167,'87c1873a8c291d1537f1eafeae535c0d','E10000003','2021-02','early_help','2021-02-11',9,'2','OOTH',NULL);
INSERT INTO "child_event_fact" VALUES(9,168,'8b21c0327f3ae836a8193b2b037e3a2c','E10000003','2021-02','early_help','2021-02-11',12,'1','WOTH',NULL);
INSERT INTO "child_event_fact" VALUES(9,169,'a60455c523c5dd314184ac4cad85a4ed','E10000003','2021-02','contact','2021-02-11',4,'2','WOTH',NULL);
INSERT INTO "child_event_fact" VALUES(9,170,'fbca260e025a7ebb155b7540f19674fa','E10000003','2021-02','cp_end','2021-02-11',4,'2','MWBC',NULL);
INSERT INTO "child_event_fact" VALUES(9,171,'572ab8246561a07428a7a4fcb35db14e','E10000003','2021-02','contact','2021-02-11',4,'2','WBRI',NULL);
INSERT INTO "child_event_fact" VALUES(9,172,'96ce6a9eb3c7469bba6b3b390cfc7afa','E10000003','2021-02','contact','2021-02-11',11,'1','WBRI',NULL);
INSERT INTO "child_event_fact" VALUES(9,173,'96ce6a9eb3c7469bba6b3b390cfc7afa','E10000003','2021-02','early_help','2021-02-11',11,'1','WBRI',NULL);
INSERT INTO "child_event_fact" VALUES(9,174,'712e1536ec4270b9ccb32420190864ec','E10000003','2021-02','early_help','2021-02-12',15,'2','WBRI',NULL);
INSERT INTO "child_event_fact" VALUES(9,175,'04ec8dcbd9081524c80754bf937d26e8','E10000003','2021-02','referral','2021-02-12',12,'2','MWBC',NULL);
INSERT INTO "child_event_fact" VALUES(9,176,'3fb5aac39605db8e7e69319930dd7d90','E10000003','2021-02','assessment','2021-02-12',8,'1','WBRI','4B');
INSERT INTO "child_event_fact" VALUES(9,177,'bc907136fe661f26e63afdf807c5f309','E10000003','2021-02','early_help','2021-02-12',12,'2','WBRI',NULL);
INSERT INTO "child_event_fact" VALUES(9,178,'4b1c79377fa63e4e4456afe8bb79af0f','E10000003','2021-02','early_help','2021-02-12',10,'1','WBRI',NULL);
INSERT INTO "child_event_fact" VALUES(9,179,'f3c3539f5fd4733702e6e7a40ac8e980','E10000003','2021-02','contact','2021-02-12',8,'2','WOTH',NULL);
INSERT INTO "child_event_fact" VALUES(9,180,'d021f7e531566bd344261c8464c1fe5f','E10000003','2021-02','referral','2021-02-12',3,'1','WBRI',NULL);
INSERT INTO "child_event_fact" VALUES(9,181,'5f31ec8e0f39e3f5c055068ecd40118a','E10000003','2021-02','icpc','2021-02-12',17,'2','WBRI',NULL);
INSERT INTO "child_event_fact" VALUES(9,182,'d8ea5111f1119981c2efca0d3ec369a8','E10000003','2021-02','contact','2021-02-12',6,'1','WBRI',NULL);
INSERT INTO "child_event_fact" VALUES(9,183,'79b5d13bb55f2f67606cdadffd1e2748','E10000003','2021-02','contact','2021-02-12',3,'2','WBRI',NULL);
INSERT INTO "child_event_fact" VALUES(9,184,'8940711e25d2ef0fdf2e5162d6732e1a','E10000003','2021-02','contact','2021-02-12',15,'1','WBRI',NULL);
INSERT INTO "child_event_fact" VALUES(9,185,'e4d81aaa900d5cebbe3c4c7497d7eae3','E10000003','2021-02','contact','2021-02-12',3,'1','WBRI',NULL);
INSERT INTO "child_event_fact" VALUES(9,186,'6e025f73cc77ed6ada88c6df2ced1916','E10000003','2021-02','contact','2021-02-13',4,'2','WBRI',NULL);
INSERT INTO "child_event_fact" VALUES(9,187,'71d2425b479b6e64ea43421a78c5e4ae','E10000003','2021-02','contact','2021-02-13',11,'2','WBRI',NULL);
INSERT INTO "child_event_fact" VALUES(9,188,'b78eee1c6a7342b5d6bcd8f6bf75e527','E10000003','2021-02','contact','2021-02-13',14,'2','WBRI',NULL);
INSERT INTO "child_event_fact" VALUES(9,189,'bbae84c820752c77d19c7f616eb0ba1d','E10000003','2021-02','early_help','2021-02-13',3,'1','WBRI',NULL);
INSERT INTO "child_event_fact" VALUES(9,190,'2df152a13bd36a2d1ba57be70a411cd6','E10000003','2021-02','early_help','2021-02-13',1,'1','WOTH',NULL);
INSERT INTO "child_event_fact" VALUES(9,191,'c898733fcad1783edf2c771c673a707a','E10000003','2021-02','contact','2021-02-13',16,'1','WBRI',NULL);
INSERT INTO "child_event_fact" VALUES(9,192,'a2cbe1d7dd219c8688e248cb413b45f9','E10000003','2021-02','early_help','2021-02-13',8,'1','WOTH',NULL);
INSERT INTO "child_event_fact" VALUES(9,193,'0ffdf7c7bb625d808de8b3de16c31dbe','E10000003','2021-02','contact','2021-02-13',16,'1','WBRI',NULL);
INSERT INTO "child_event_fact" VALUES(9,194,'f7c6124652d69e45e885c2e1cdafd17a','E10000003','2021-02','early_help','2021-02-13',17,'1','WBRI',NULL);
INSERT INTO "child_event_fact" VALUES(9,195,'12806e93b9f3e3d49e2d8d1ab75f3e28','E10000003','2021-02','referral','2021-02-13',1,'2','BCRB',NULL);
INSERT INTO "child_event_fact" VALUES(9,196,'e05598bf7844a8537491932ad2b98c58','E10000003','2021-02','early_help','2021-02-13',14,'2','WBRI',NULL);
INSERT INTO "child_event_fact" VALUES(9,197,'d09f8909c792e1c3e06808717627ca35','E10000003','2021-02','contact','2021-02-13',10,'2','WOTH',NULL);
INSERT INTO "child_event_fact" VALUES(9,198,'771cc11b1bec3a19a1b49dbbf5f98b93','E10000003','2021-02','early_help','2021-02-13',17,'1','WBRI',NULL);
INSERT INTO "child_event_fact" VALUES(9,199,'bbf855ac64b552c2b8a9f29b5ba3a278','E10000003','2021-02','s47','2021-02-13',5,'2','WBRI',NULL);
INSERT INTO "child_event_fact" VALUES(9,200,'d58f594fa6cc07a48f41fc4127ada29c','E10000003','2021-02','contact','2021-02-13',10,'1','WBRI',NULL);
INSERT INTO "child_event_fact" VALUES(9,201,'8d36eba46c019500824b2342f786212f','E10000003','2021-02','s47','2021-02-13',9,'1','WBRI',NULL);
INSERT INTO "child_event_fact" VALUES(9,202,'970516980ab1d66bdf9cca744a822e86','E10000003','2021-02','assessment','2021-02-13',2,'2','BOTH','2B,3A,16A,24A');
INSERT INTO "child_event_fact" VALUES(9,203,'0db8fdca08b9e38d724e13e463d5a0a2','E10000003','2021-02','assessment','2021-02-13',5,'2','WOTH','5B,8B');
INSERT INTO "child_event_fact" VALUES(9,204,'ab0fdaeb46f7a9b35222d9f3a8b6e40d','E10000003','2021-02','assessment','2021-02-13',14,'1','WBRI','12A,13A,16A');
INSERT INTO "child_event_fact" VALUES(9,205,'e6ff841e0e93eff6199d02e2835e3533','E10000003','2021-02','contact','2021-02-14',6,'1','WBRI',NULL);
INSERT INTO "child_event_fact" VALUES(9,206,'3a31e999590d524b9f7abfde0155d99a','E10000003','2021-02','assessment','2021-02-14',1,'2','WBRI','2B,10A,22A');
INSERT INTO "child_event_fact" VALUES(9,207,'6ff3fdbcde0f0c82d2c5d15d7dacabe0','E10000003','2021-02','referral','2021-02-14',12,'2','MOTH',NULL);
INSERT INTO "child_event_fact" VALUES(9,208,'060abc28a34e4368669a1a9ac41ed994','E10000003','2021-02','contact','2021-02-14',10,'1','WBRI',NULL);
INSERT INTO "child_event_fact" VALUES(9,209,'fb087509012942047817bc680e982007','E10000003','2021-02','contact','2021-02-14',3,'1','WBRI',NULL);
INSERT INTO "child_event_fact" VALUES(9,210,'b229d87937d9e125f0155fdf1bcd09d1','E10000003','2021-02','early_help','2021-02-14',13,'1','MOTH',NULL);
INSERT INTO "child_event_fact" VALUES(9,211,'1ded8822f30c1431ee2c60b43247c713','E10000003','2021-02','contact','2021-02-14',4,'2','WBRI',NULL);
INSERT INTO "child_event_fact" VALUES(9,212,'de7942633f4c9f00f5e593a91c9dcf54','E10000003','2021-02','contact','2021-02-14',14,'2','WBRI',NULL);
INSERT INTO "child_event_fact" VALUES(9,213,'fa40f92d47ea5474cfa88e2871caf972','E10000003','2021-02','contact','2021-02-14',14,'1','MWAS',NULL);
INSERT INTO "child_event_fact" VALUES(9,214,'cbad7de4ae2ca7a4b538ca48607eeeec','E10000003','2021-02','contact','2021-02-14',15,'2','WOTH',NULL);
INSERT INTO "child_event_fact" VALUES(9,215,'6909c0dedadc64bec47293bdda4fcb28','E10000003','2021-02','contact','2021-02-14',16,'1','WBRI',NULL);
INSERT INTO "child_event_fact" VALUES(9,216,'d92227440b6734b022b02b74cf53e8ab','E10000003','2021-02','contact','2021-02-14',3,'2','WBRI',NULL);
INSERT INTO "child_event_fact" VALUES(9,217,'258fa4a38268f2c9bd1881a65ad29f13','E10000003','2021-02','assessment','2021-02-14',10,'1','WBRI','4A');
INSERT INTO "child_event_fact" VALUES(9,218,'f3b3d46d2eb68869af5cd6daa1446d4f','E10000003','2021-02','referral','2021-02-14',10,'1','WBRI',NULL);
INSERT INTO "child_event_fact" VALUES(9,219,'9b0403a571dbd68c865b93a37d5e9222','E10000003','2021-02','referral','2021-02-15',1,'1','WBRI',NULL);
INSERT INTO "child_event_fact" VALUES(9,220,'56ab46fd253c39c5927da52326db88b5','E10000003','2021-02','care_end','2021-02-15',5,'1','MWBC',NULL);
INSERT INTO "child_event_fact" VALUES(9,221,'94eba99d37d86b810b89b671b266de43','E10000003','2021-02','contact','2021-02-15',3,'2','MWBC',NULL);
INSERT INTO "child_event_fact" VALUES(9,222,'e4382d389cfbc48694c4b46dd10a77d4','E10000003','2021-02','assessment','2021-02-15',11,'2','WBRI','12A,15A,24A');
INSERT INTO "child_event_fact" VALUES(9,223,'4f6fb6ede7401c6978edfe4a3506331c','E10000003','2021-02','early_help','2021-02-15',2,'1','BAFR',NULL);
INSERT INTO "child_event_fact" VALUES(9,224,'a445d88562fa7f2937166505ad18ece1','E10000003','2021-02','contact','2021-02-15',7,'1','MWBC',NULL);
INSERT INTO "child_event_fact" VALUES(9,225,'3d19cce2e9ddab8532865b2a59758ced','E10000003','2021-02','referral','2021-02-15',7,'1','MWBC',NULL);
INSERT INTO "child_event_fact" VALUES(9,226,'73b1d1158bed3ae206ea4df3cab71370','E10000003','2021-02','assessment','2021-02-15',2,'2','WBRI','6A');
INSERT INTO "child_event_fact" VALUES(9,227,'07e389d95c7a6befa367bc2e97ffefdc','E10000003','2021-02','contact','2021-02-15',0,'2','WBRI',NULL);
INSERT INTO "child_event_fact" VALUES(9,228,'a07fbdc2f66bd19763606817d96a7a1a','E10000003','2021-02','cp_start','2021-02-15',17,'2','WBRI',NULL);
INSERT INTO "child_event_fact" VALUES(9,229,'84394d66fbbf3f565f05fcdeee67c8a4','E10000003','2021-02','contact','2021-02-15',1,'1','BAFR',NULL);
INSERT INTO "child_event_fact" VALUES(9,230,'7fa8c77b9010e6402c43507364386692','E10000003','2021-02','contact','2021-02-15',0,'2','WBRI',NULL);
INSERT INTO "child_event_fact" VALUES(9,231,'a89669e0d6ea0c881d1fe71c5e5f0294','E10000003','2021-02','referral','2021-02-15',17,'1','WOTH',NULL);
INSERT INTO "child_event_fact" VALUES(9,232,'ebd05804f36d9b8c42ac63c866f816d3','E10000003','2021-02','contact','2021-02-15',1,'2','MWAS',NULL);
INSERT INTO "child_event_fact" VALUES(9,233,'f3dd8bf055318c1deef1a2b8920ca876','E10000003','2021-02','icpc','2021-02-15',12,'1','WBRI',NULL);
INSERT INTO "child_event_fact" VALUES(9,234,'37cf8bbee3c22b16f04a1f7a44b47b09','E10000003','2021-02','s47','2021-02-15',11,'1','WBRI',NULL);
INSERT INTO "child_event_fact" VALUES(9,235,'67bb9904fb6db511e3cb747dce4997c8','E10000003','2021-02','contact','2021-02-16',3,'1','WBRI',NULL);
INSERT INTO "child_event_fact" VALUES(9,236,'2d5cdfa4f770fad766aaf340c1ca7974','E10000003','2021-02','early_help','2021-02-16',0,'2','WBRI',NULL);
INSERT INTO "child_event_fact" VALUES(9,237,'8b1f480fe2bae5bf038ca2bdf5988ea4','E10000003','2021-02','contact','2021-02-16',4,'2','WBRI',NULL);
INSERT INTO "child_event_fact" VALUES(9,238,'b27da6d734d004c906b3f097e8d0cc33','E10000003','2021-02','contact','2021-02-16',11,'2','WBRI',NULL);
INSERT INTO "child_event_fact" VALUES(9,239,'c5006f6b47b5a97dfe8f18858145982d','E10000003','2021-02','contact','2021-02-16',1,'1','WBRI',NULL);
INSERT INTO "child_event_fact" VALUES(9,240,'f79f1f8ebc7f087f683d37f364250858','E10000003','2021-02','contact','2021-02-16',9,'1','WBRI',NULL);
INSERT INTO "child_event_fact" VALUES(9,241,'9ec0c607e7fcd9a5769a5e4b8bed4dac','E10000003','2021-02','early_help','2021-02-16',16,'2','WBRI',NULL);
INSERT INTO "child_event_fact" VALUES(9,242,'6d162045d28a9d9ff47d750a805497b4','E10000003','2021-02','contact','2021-02-16',6,'1','WBRI',NULL);
INSERT INTO "child_event_fact" VALUES(9,243,'f2a3ba4a64f836731f1d16e93685a24b','E10000003','2021-02','care_start','2021-02-16',8,'2','BAFR',NULL);
INSERT INTO "child_event_fact" VALUES(9,244,'97a67375055a75580a87ecb93713670c','E10000003','2021-02','early_help','2021-02-16',12,'1','WBRI',NULL);
INSERT INTO "child_event_fact" VALUES(9,245,'a4d56e0a5311fc11aaea1df11bba88d4','E10000003','2021-02','contact','2021-02-16',14,'1','WBRI',NULL);
INSERT INTO "child_event_fact" VALUES(9,246,'4e6e6c404fc37f93574a89d18b551cbf','E10000003','2021-02','assessment','2021-02-16',7,'1','WBRI','3A,7A,13A,18B');
INSERT INTO "child_event_fact" VALUES(9,247,'6a6409521ae4e87112f24ab44083ce0e','E10000003','2021-02','contact','2021-02-16',5,'2','MWBA',NULL);
INSERT INTO "child_event_fact" VALUES(9,248,'122ae33d0e26c6693045cd53c6e3765f','E10000003','2021-02','contact','2021-02-16',11,'1','WBRI',NULL);
INSERT INTO "child_event_fact" VALUES(9,249,'9b0403a571dbd68c865b93a37d5e9222','E10000003','2021-02','contact','2021-02-17',1,'1','WBRI',NULL);
INSERT INTO "child_event_fact" VALUES(9,250,'542c18eaa006bfeede19472183b5f929','E10000003','2021-02','contact','2021-02-17',11,'2','WBRI',NULL);
INSERT INTO "child_event_fact" VALUES(9,251,'04a91cdd538d75881d70314b94d22aa8','E10000003','2021-02','contact','2021-02-17',3,'2','WBRI',NULL);
INSERT INTO "child_event_fact" VALUES(9,252,'028b5d1526d5fdbcda6bb5e83eabe0ac','E10000003','2021-02','assessment','2021-02-17',14,'1','WBRI','6A,8B,15A,16A');
INSERT INTO "child_event_fact" VALUES(9,253,'04ec8dcbd9081524c80754bf937d26e8','E10000003','2021-02','assessment','2021-02-17',12,'2','MWBC','16A');
INSERT INTO "child_event_fact" VALUES(9,254,'8e4ce3979184f70a5b7c58d7d33c977c','E10000003','2021-02','care_end','2021-02-17',5,'1','WBRI',NULL);
INSERT INTO "child_event_fact" VALUES(9,255,'a92202eb7d7e540b036baa549821ad5c','E10000003','2021-02','contact','2021-02-17',12,'2','WBRI',NULL);
INSERT INTO "child_event_fact" VALUES(9,256,'1c017ef38e229cf5f6fe26bc063444bd','E10000003','2021-02','referral','2021-02-17',2,'1','WBRI',NULL);
INSERT INTO "child_event_fact" VALUES(9,257,'9289984fa2e9997c5d5990e8cdc8e376','E10000003','2021-02','referral','2021-02-17',12,'2','WBRI',NULL);
INSERT INTO "child_event_fact" VALUES(9,258,'667c41b8e5159753fd78e5d9cc3c6a59','E10000003','2021-02','contact','2021-02-17',5,'1','WBRI',NULL);
INSERT INTO "child_event_fact" VALUES(9,259,'e4a6e919845720904f53317103950101','E10000003','2021-02','contact','2021-02-18',0,'2','REFU',NULL);
INSERT INTO "child_event_fact" VALUES(9,260,'6574a7736a1300b7220ea3e9f968cf9a','E10000003','2021-02','contact','2021-02-18',0,'1','WBRI',NULL);
INSERT INTO "child_event_fact" VALUES(9,261,'aafb8b8df00c92b8ca4ce43db7a32e33','E10000003','2021-02','referral','2021-02-18',8,'1','WBRI',NULL);
INSERT INTO "child_event_fact" VALUES(9,262,'d09f8909c792e1c3e06808717627ca35','E10000003','2021-02','referral','2021-02-18',10,'2','WOTH',NULL);
INSERT INTO "child_event_fact" VALUES(9,263,'d8532c508bccf2b1c63d32f0444ac928','E10000003','2021-02','assessment','2021-02-18',2,'1','WBRI','11A,19B');
INSERT INTO "child_event_fact" VALUES(9,264,'a7893f68cca99a25d1f57a165126c031','E10000003','2021-02','contact','2021-02-18',14,'2','NOBT',NULL);
INSERT INTO "child_event_fact" VALUES(9,265,'3b3946eb3054d6b4f303cb66d3e70cbe','E10000003','2021-02','care_end','2021-02-18',4,'1','WBRI',NULL);
INSERT INTO "child_event_fact" VALUES(9,266,'e6f7a0e13b1bf1bef36d5117a85d1996','E10000003','2021-02','assessment','2021-02-18',7,'1','REFU','11A');
INSERT INTO "child_event_fact" VALUES(9,267,'8e4ce3979184f70a5b7c58d7d33c977c','E10000003','2021-02','contact','2021-02-18',5,'1','WBRI',NULL);
INSERT INTO "child_event_fact" VALUES(9,268,'3fb5aac39605db8e7e69319930dd7d90','E10000003','2021-02','early_help','2021-02-18',8,'1','WBRI',NULL);
INSERT INTO "child_event_fact" VALUES(9,269,'25aa4da1c593d6926ab83fcc254df34d','E10000003','2021-02','contact','2021-02-18',6,'2','WBRI',NULL);
INSERT INTO "child_event_fact" VALUES(9,270,'78a1b3620de8bca807c33c97609872f7','E10000003','2021-02','care_start','2021-02-18',13,'2','WBRI',NULL);
INSERT INTO "child_event_fact" VALUES(9,271,'7fa8c77b9010e6402c43507364386692','E10000003','2021-02','assessment','2021-02-18',0,'2','WBRI','5B');
INSERT INTO "child_event_fact" VALUES(9,272,'987ffb2da9b275bae1d35509e3c4286f','E10000003','2021-02','contact','2021-02-18',1,'1','APKN',NULL);
INSERT INTO "child_event_fact" VALUES(9,273,'c4d3b83993b3dfb4659880401512d1a2','E10000003','2021-02','early_help','2021-02-18',15,'2','WBRI',NULL);
INSERT INTO "child_event_fact" VALUES(9,274,'d2a354d0bf66f7fd33744f5bd4f350b3','E10000003','2021-02','referral','2021-02-18',3,'1','WBRI',NULL);
INSERT INTO "child_event_fact" VALUES(9,275,'0cb1dfed395a1985defcb5d512f8e1b6','E10000003','2021-02','contact','2021-02-18',11,'1','WOTH',NULL);
INSERT INTO "child_event_fact" VALUES(9,276,'61a17f5b3ed1d1b10bf023330567f397','E10000003','2021-02','early_help','2021-02-18',12,'1','WBRI',NULL);
INSERT INTO "child_event_fact" VALUES(9,277,'e27a1aa93f062a27e6446855cb8db9e1','E10000003','2021-02','early_help','2021-02-19',17,'2','WBRI',NULL);
INSERT INTO "child_event_fact" VALUES(9,278,'2407ebf02301472a33e08855b44f01e8','E10000003','2021-02','icpc','2021-02-19',16,'2','WBRI',NULL);
INSERT INTO "child_event_fact" VALUES(9,279,'5853cfbabdcbd5b05c564a896b30fdcf','E10000003','2021-02','assessment','2021-02-19',4,'2','WBRI','3B,6A,14A');
INSERT INTO "child_event_fact" VALUES(9,280,'a7ceb24545215fa9e5f9f257a41a58b9','E10000003','2021-02','contact','2021-02-19',2,'2','MWBC',NULL);
INSERT INTO "child_event_fact" VALUES(9,281,'a2082f21c7f0176c0a2eb5393799c155','E10000003','2021-02','referral','2021-02-19',4,'2','WBRI',NULL);
INSERT INTO "child_event_fact" VALUES(9,282,'64fd4ffcb5e48ab29d34957c47fc28dd','E10000003','2021-02','contact','2021-02-19',16,'1','WOTH',NULL);
INSERT INTO "child_event_fact" VALUES(9,283,'9157922b8f8ae5eadc223ecc01f2bc5c','E10000003','2021-02','referral','2021-02-19',16,'2','WBRI',NULL);
INSERT INTO "child_event_fact" VALUES(9,284,'e4b48548ed3ace56334072f685ee9a62','E10000003','2021-02','contact','2021-02-19',15,'2','WBRI',NULL);
INSERT INTO "child_event_fact" VALUES(9,285,'02a51af2af375ee1b97f70acea0e46af','E10000003','2021-02','assessment','2021-02-19',2,'1','ABAN','2B,3B,6A,19B');
INSERT INTO "child_event_fact" VALUES(9,286,'81642cd702f0da1a87e1a4e51bbde9c8','E10000003','2021-02','contact','2021-02-19',9,'2','WBRI',NULL);
INSERT INTO "child_event_fact" VALUES(9,287,'a307fd291a1e5485a53a9c01a0723cd0','E10000003','2021-02','contact','2021-02-19',10,'1','WBRI',NULL);
INSERT INTO "child_event_fact" VALUES(9,288,'ad9f05e166ca8cd2a657e1d9b1ec5ab7','E10000003','2021-02','contact','2021-02-19',1,'1','WBRI',NULL);
INSERT INTO "child_event_fact" VALUES(9,289,'4d1622038d0c186dabc5d9f36b7cfc1b','E10000003','2021-02','contact','2021-02-19',15,'2','WBRI',NULL);
INSERT INTO "child_event_fact" VALUES(9,290,'ea30c52b62be9e6b4ebedc2de0759a2a','E10000003','2021-02','contact','2021-02-19',2,'2','WBRI',NULL);
INSERT INTO "child_event_fact" VALUES(9,291,'08c69a003300bf2f845017bd63b08069','E10000003','2021-02','contact','2021-02-19',13,'1','AOTH',NULL);
INSERT INTO "child_event_fact" VALUES(9,292,'392195fa7575d91d1bcbb70e3faecef9','E10000003','2021-02','referral','2021-02-19',2,'2','WBRI',NULL);
INSERT INTO "child_event_fact" VALUES(9,293,'83a6cfd7ef50376b6c57e5bb353de487','E10000003','2021-02','contact','2021-02-20',2,'2','WBRI',NULL);
INSERT INTO "child_event_fact" VALUES(9,294,'edd0b636a08cb6fee3a1c4559f9d01b8','E10000003','2021-02','contact','2021-02-20',7,'2','WBRI',NULL);
INSERT INTO "child_event_fact" VALUES(9,295,'2403bc87c2e8b3da067b7520fdcd851e','E10000003','2021-02','contact','2021-02-20',12,'2','WOTH',NULL);
INSERT INTO "child_event_fact" VALUES(9,296,'4f04e160f33fbbd8af74cefdf33818d1','E10000003','2021-02','contact','2021-02-20',11,'2','WBRI',NULL);
INSERT INTO "child_event_fact" VALUES(9,297,'9ee99fd1f2c5a1f615bf257699ac1219','E10000003','2021-02','early_help','2021-02-20',14,'2','WBRI',NULL);
INSERT INTO "child_event_fact" VALUES(9,298,'798081eb137eddac4f1d746878d54bf7','E10000003','2021-02','cp_end','2021-02-20',4,'1','WBRI',NULL);
INSERT INTO "child_event_fact" VALUES(9,299,'d58f594fa6cc07a48f41fc4127ada29c','E10000003','2021-02','early_help','2021-02-20',10,'1','WBRI',NULL);
INSERT INTO "child_event_fact" VALUES(9,300,'d1193594edba7237eb71151f280d6658','E10000003','2021-02','assessment','2021-02-20',14,'2','ABAN','8B,14A,18B,24A');
INSERT INTO "child_event_fact" VALUES(9,301,'258fa4a38268f2c9bd1881a65ad29f13','E10000003','2021-02','early_help','2021-02-20',10,'1','WBRI',NULL);
INSERT INTO "child_event_fact" VALUES(9,302,'3d1348ba4ebae562144acad83749a970','E10000003','2021-02','contact','2021-02-20',16,'2','WBRI',NULL);
INSERT INTO "child_event_fact" VALUES(9,303,'8b6b61d6ab6e9a92053d4a982a990d39','E10000003','2021-02','contact','2021-02-20',16,'2','WBRI',NULL);
INSERT INTO "child_event_fact" VALUES(9,304,'4f9100075298530bc1f8bf135aed0c37','E10000003','2021-02','contact','2021-02-20',3,'2','NOBT',NULL);
INSERT INTO "child_event_fact" VALUES(9,305,'30c7aa23b931c553d8461f7c77884a05','E10000003','2021-02','contact','2021-02-20',4,'1','MWBC',NULL);
INSERT INTO "child_event_fact" VALUES(9,306,'0767596329f75331f6e7e097e79b61ce','E10000003','2021-02','contact','2021-02-20',17,'1','WBRI',NULL);
INSERT INTO "child_event_fact" VALUES(9,307,'c54849c071059dfe05967c35326a8bf9','E10000003','2021-02','contact','2021-02-20',6,'2','WBRI',NULL);
INSERT INTO "child_event_fact" VALUES(9,308,'3cf7a6b8bdcb879ae6ca86372ebfacbf','E10000003','2021-02','contact','2021-02-20',11,'1','WIRI',NULL);
INSERT INTO "child_event_fact" VALUES(9,309,'c2f63ace6d70f571729354567f2c33f6','E10000003','2021-02','assessment','2021-02-21',10,'1','MWBA','2B,6A,13A,16A');
INSERT INTO "child_event_fact" VALUES(9,310,'bc44e2614a2b6f1109dc906674f7fde0','E10000003','2021-02','contact','2021-02-21',15,'1','WBRI',NULL);
INSERT INTO "child_event_fact" VALUES(9,311,'9f063498ba5dd49b4a6bf975aab86e53','E10000003','2021-02','contact','2021-02-21',12,'2','WOTH',NULL);
INSERT INTO "child_event_fact" VALUES(9,312,'1ca5fb40813160592ea69cb90f92c80b','E10000003','2021-02','assessment','2021-02-21',3,'1','WBRI','12A');
INSERT INTO "child_event_fact" VALUES(9,313,'64fd4ffcb5e48ab29d34957c47fc28dd','E10000003','2021-02','contact','2021-02-21',16,'1','WOTH',NULL);
INSERT INTO "child_event_fact" VALUES(9,314,'6909c0dedadc64bec47293bdda4fcb28','E10000003','2021-02','referral','2021-02-21',16,'1','WBRI',NULL);
INSERT INTO "child_event_fact" VALUES(9,315,'bbf855ac64b552c2b8a9f29b5ba3a278','E10000003','2021-02','contact','2021-02-21',5,'2','WBRI',NULL);
INSERT INTO "child_event_fact" VALUES(9,316,'1524dab504b25b2fd5da50d01945bba5','E10000003','2021-02','early_help','2021-02-21',3,'2','APKN',NULL);
INSERT INTO "child_event_fact" VALUES(9,317,'0bd1fc3d6cf177bbee4dea105cf60eb2','E10000003','2021-02','assessment','2021-02-21',12,'2','WOTH','3B,5B,6A,22A');
INSERT INTO "child_event_fact" VALUES(9,318,'122ae33d0e26c6693045cd53c6e3765f','E10000003','2021-02','contact','2021-02-21',11,'1','WBRI',NULL);
INSERT INTO "child_event_fact" VALUES(9,319,'342600fa970c4a2662902510b68e195c','E10000003','2021-02','early_help','2021-02-22',5,'2','WBRI',NULL);
INSERT INTO "child_event_fact" VALUES(9,320,'9b0403a571dbd68c865b93a37d5e9222','E10000003','2021-02','contact','2021-02-22',1,'1','WBRI',NULL);
INSERT INTO "child_event_fact" VALUES(9,321,'71d2425b479b6e64ea43421a78c5e4ae','E10000003','2021-02','early_help','2021-02-22',11,'2','WBRI',NULL);
INSERT INTO "child_event_fact" VALUES(9,322,'b78eee1c6a7342b5d6bcd8f6bf75e527','E10000003','2021-02','early_help','2021-02-22',14,'2','WBRI',NULL);
INSERT INTO "child_event_fact" VALUES(9,323,'a8a15c6ece4309f463fe94aacb4ad8c5','E10000003','2021-02','contact','2021-02-22',3,'1','WBRI',NULL);
INSERT INTO "child_event_fact" VALUES(9,324,'139838a926220d7cf6c3cfb78f1dda52','E10000003','2021-02','contact','2021-02-22',4,'2','WBRI',NULL);
INSERT INTO "child_event_fact" VALUES(9,325,'f0a70a8aa70ede616fb2dc9842fe47fa','E10000003','2021-02','care_end','2021-02-22',3,'1','WBRI',NULL);
INSERT INTO "child_event_fact" VALUES(9,326,'2bf073ccbc346cd905480622292288db','E10000003','2021-02','contact','2021-02-22',13,'2','WBRI',NULL);
INSERT INTO "child_event_fact" VALUES(9,327,'bc8c1eca99bd33a608a68c7280d09aa6','E10000003','2021-02','contact','2021-02-22',2,'1','WOTH',NULL);
INSERT INTO "child_event_fact" VALUES(9,328,'1448e57dee0cc7bd90a2a6822a91170f','E10000003','2021-02','contact','2021-02-22',5,'1','WBRI',NULL);
INSERT INTO "child_event_fact" VALUES(9,329,'771cc11b1bec3a19a1b49dbbf5f98b93','E10000003','2021-02','assessment','2021-02-22',17,'1','WBRI','13A');
INSERT INTO "child_event_fact" VALUES(9,330,'778fa68057db84198038a274450f4506','E10000003','2021-02','contact','2021-02-22',12,'1','WBRI',NULL);
INSERT INTO "child_event_fact" VALUES(9,331,'d9ef4d4a2a42644c5dbdf77e0b82ceba','E10000003','2021-02','assessment','2021-02-22',8,'1','WBRI','13A');
INSERT INTO "child_event_fact" VALUES(9,332,'4d0efcb116032f4b24ebc525f5469c45','E10000003','2021-02','contact','2021-02-22',4,'0','MOTH',NULL);
INSERT INTO "child_event_fact" VALUES(9,333,'c84e3c632710cef3345758dd49db982b','E10000003','2021-02','referral','2021-02-22',13,'0','NOBT',NULL);
INSERT INTO "child_event_fact" VALUES(9,334,'237b8b3c21f4fd2347621b63c8c467ed','E10000003','2021-02','contact','2021-02-22',6,'1','WBRI',NULL);
INSERT INTO "child_event_fact" VALUES(9,335,'0825326355ae04aea1f546912a0be02b','E10000003','2021-02','contact','2021-02-22',8,'1','WBRI',NULL);
INSERT INTO "child_event_fact" VALUES(9,336,'684adaf127f0dc90ecf9d00aa7ee66ee','E10000003','2021-02','contact','2021-02-22',3,'1','WBRI',NULL);
INSERT INTO "child_event_fact" VALUES(9,337,'342600fa970c4a2662902510b68e195c','E10000003','2021-02','early_help','2021-02-23',5,'2','WBRI',NULL);
INSERT INTO "child_event_fact" VALUES(9,338,'ac1032369655e429c33b1c544a45e67f','E10000003','2021-02','contact','2021-02-23',8,'1','WOTH',NULL);
INSERT INTO "child_event_fact" VALUES(9,339,'b27da6d734d004c906b3f097e8d0cc33','E10000003','2021-02','contact','2021-02-23',11,'2','WBRI',NULL);
INSERT INTO "child_event_fact" VALUES(9,340,'5e580677c605b3a2e2526f687c695238','E10000003','2021-02','early_help','2021-02-23',12,'1','WBRI',NULL);
INSERT INTO "child_event_fact" VALUES(9,341,'e4a6e919845720904f53317103950101','E10000003','2021-02','referral','2021-02-23',0,'2','REFU',NULL);
INSERT INTO "child_event_fact" VALUES(9,342,'139838a926220d7cf6c3cfb78f1dda52','E10000003','2021-02','care_start','2021-02-23',4,'2','WBRI',NULL);
INSERT INTO "child_event_fact" VALUES(9,343,'967790c94e4dec4b680ebca7a585ffbd','E10000003','2021-02','early_help','2021-02-23',0,'0','WBRI',NULL);
INSERT INTO "child_event_fact" VALUES(9,344,'a0f7222b9bb046b5c4edb3bd544692b3','E10000003','2021-02','contact','2021-02-23',5,'2','WBRI',NULL);
INSERT INTO "child_event_fact" VALUES(9,345,'e4382d389cfbc48694c4b46dd10a77d4','E10000003','2021-02','contact','2021-02-23',11,'2','WBRI',NULL);
INSERT INTO "child_event_fact" VALUES(9,346,'49ca3d85de09adecda8379c99d21e20c','E10000003','2021-02','assessment','2021-02-23',15,'2','WBRI','21');
INSERT INTO "child_event_fact" VALUES(9,347,'3b6a4136b40b76ea6a689155abaf02ac','E10000003','2021-02','early_help','2021-02-23',1,'1','WBRI',NULL);
INSERT INTO "child_event_fact" VALUES(9,348,'60a8b1343c3bbef3bee380987a129473','E10000003','2021-02','contact','2021-02-23',16,'1','WBRI',NULL);
INSERT INTO "child_event_fact" VALUES(9,349,'5312f2e4884210c9b618f64348a48a8f','E10000003','2021-02','contact','2021-02-23',14,'2','WBRI',NULL);
INSERT INTO "child_event_fact" VALUES(9,350,'d238a6cb8abbb07df3f50482dcd3f2a6','E10000003','2021-02','contact','2021-02-23',16,'1','WBRI',NULL);
INSERT INTO "child_event_fact" VALUES(9,351,'5d973d8091465715f5ddaad7ca56a4ab','E10000003','2021-02','contact','2021-02-23',10,'1','NOBT',NULL);
INSERT INTO "child_event_fact" VALUES(9,352,'ae6f33b45e187c8c89aaaf7a471e8d97','E10000003','2021-02','contact','2021-02-23',12,'1','WOTH',NULL);
INSERT INTO "child_event_fact" VALUES(9,353,'1a6252a26d9b970b6441f788d38e7cdf','E10000003','2021-02','cp_start','2021-02-23',10,'1','CHNE',NULL);
INSERT INTO "child_event_fact" VALUES(9,354,'97a8a8959a4d0c6cb82a58bfb885122b','E10000003','2021-02','contact','2021-02-23',3,'1','WBRI',NULL);
INSERT INTO "child_event_fact" VALUES(9,355,'37cf8bbee3c22b16f04a1f7a44b47b09','E10000003','2021-02','referral','2021-02-23',11,'1','WBRI',NULL);
INSERT INTO "child_event_fact" VALUES(9,356,'3ae417f56970eca232d956d428800883','E10000003','2021-02','referral','2021-02-23',14,'2','WBRI',NULL);
INSERT INTO "child_event_fact" VALUES(9,357,'44eb8e604d069b21652b077608f3099e','E10000003','2021-02','early_help','2021-02-23',8,'1','WIRT',NULL);
INSERT INTO "child_event_fact" VALUES(9,358,'9e68f1f154b54df8c70a83e318bcc1bb','E10000003','2021-02','contact','2021-02-24',2,'1','MOTH',NULL);
INSERT INTO "child_event_fact" VALUES(9,359,'5fc8e19de2a436fcfde9cda0cb33cd13','E10000003','2021-02','care_end','2021-02-24',11,'1','MWBA',NULL);
INSERT INTO "child_event_fact" VALUES(9,360,'3d19cce2e9ddab8532865b2a59758ced','E10000003','2021-02','contact','2021-02-24',7,'1','MWBC',NULL);
INSERT INTO "child_event_fact" VALUES(9,361,'48436fa898399626731b5f337760d329','E10000003','2021-02','contact','2021-02-24',6,'2','WBRI',NULL);
INSERT INTO "child_event_fact" VALUES(9,362,'9ecbb06da0b48a8baf4b040257dfd60b','E10000003','2021-02','assessment','2021-02-24',11,'1','WBRI','10A,11A,24A');
INSERT INTO "child_event_fact" VALUES(9,363,'484fa5aebd4f418c0d3888d7ae7f0f28','E10000003','2021-02','early_help','2021-02-24',1,'1','REFU',NULL);
INSERT INTO "child_event_fact" VALUES(9,364,'fd236c14186c4a8c69b815c3f15be2ac','E10000003','2021-02','referral','2021-02-24',7,'1','WOTH',NULL);
INSERT INTO "child_event_fact" VALUES(9,365,'2c7c732623cb0f721b6d39c5be1cbc82','E10000003','2021-02','referral','2021-02-24',9,'2','NOBT',NULL);
INSERT INTO "child_event_fact" VALUES(9,366,'5e580677c605b3a2e2526f687c695238','E10000003','2021-02','contact','2021-02-25',12,'1','WBRI',NULL);
INSERT INTO "child_event_fact" VALUES(9,367,'712e1536ec4270b9ccb32420190864ec','E10000003','2021-02','contact','2021-02-25',15,'2','WBRI',NULL);
INSERT INTO "child_event_fact" VALUES(9,368,'8ee7de3754afe3a3ca65f869a46ec886','E10000003','2021-02','contact','2021-02-25',3,'2','WBRI',NULL);
INSERT INTO "child_event_fact" VALUES(9,369,'a3b74619307b9993ddedab0eebfbb4b0','E10000003','2021-02','contact','2021-02-25',8,'2','WBRI',NULL);
INSERT INTO "child_event_fact" VALUES(9,370,'139838a926220d7cf6c3cfb78f1dda52','E10000003','2021-02','contact','2021-02-25',4,'2','WBRI',NULL);
INSERT INTO "child_event_fact" VALUES(9,371,'d243a435e9fe55c7c6de569b84b1bd55','E10000003','2021-02','contact','2021-02-25',17,'2','WOTH',NULL);
INSERT INTO "child_event_fact" VALUES(9,372,'95747239adf22587f5e2f1caee2de3fd','E10000003','2021-02','assessment','2021-02-25',13,'1','MWAS','6A');
INSERT INTO "child_event_fact" VALUES(9,373,'5df479c53f45e1fd05ed4bac76839080','E10000003','2021-02','contact','2021-02-25',8,'2','WBRI',NULL);
INSERT INTO "child_event_fact" VALUES(9,374,'eec7553d4fe461ffd9736a7491947725','E10000003','2021-02','contact','2021-02-25',8,'2','WBRI',NULL);
INSERT INTO "child_event_fact" VALUES(9,375,'9e13607ed1500c952538dcc34564c93c','E10000003','2021-02','early_help','2021-02-25',11,'1','WBRI',NULL);
INSERT INTO "child_event_fact" VALUES(9,376,'d4c9536e485387638743ed85bbd4eb5a','E10000003','2021-02','referral','2021-02-25',6,'1','WBRI',NULL);
INSERT INTO "child_event_fact" VALUES(9,377,'13d0800c40e22a472218d72ad084ea0e','E10000003','2021-02','contact','2021-02-25',4,'1','MWAS',NULL);
INSERT INTO "child_event_fact" VALUES(9,378,'2dad4a84e0ce3a22bc3d6e7397110c64','E10000003','2021-02','contact','2021-02-25',14,'1','WBRI',NULL);
INSERT INTO "child_event_fact" VALUES(9,379,'778fa68057db84198038a274450f4506','E10000003','2021-02','referral','2021-02-25',12,'1','WBRI',NULL);
INSERT INTO "child_event_fact" VALUES(9,380,'0108f7996dc7cfec03e4b9376e6f9246','E10000003','2021-02','contact','2021-02-25',4,'1','WBRI',NULL);
INSERT INTO "child_event_fact" VALUES(9,381,'e98a3542e9affc62ce80a09120c02f9e','E10000003','2021-02','referral','2021-02-25',15,'2','WBRI',NULL);
INSERT INTO "child_event_fact" VALUES(9,382,'32b40149a263f11a2582dd1d61e222f9','E10000003','2021-02','referral','2021-02-25',15,'2','WBRI',NULL);
INSERT INTO "child_event_fact" VALUES(9,383,'23f27bffa0a3b95a99bd4f361db1f037','E10000003','2021-02','contact','2021-02-25',17,'2','WBRI',NULL);
INSERT INTO "child_event_fact" VALUES(9,384,'457bae8d1d7641dde837b79ae6da3952','E10000003','2021-02','contact','2021-02-26',12,'2','WBRI',NULL);
INSERT INTO "child_event_fact" VALUES(9,385,'092398ed6178868ed83f703e2bb3c1e3','E10000003','2021-02','contact','2021-02-26',16,'0','WBRI',NULL);
INSERT INTO "child_event_fact" VALUES(9,386,'0dd0e4dce249e5128c2c154026470d1d','E10000003','2021-02','assessment','2021-02-26',14,'2','WBRI','3A,4A');
INSERT INTO "child_event_fact" VALUES(9,387,'028e1092eb65e12bcc023f4b00817125','E10000003','2021-02','early_help','2021-02-26',6,'1','MOTH',NULL);
INSERT INTO "child_event_fact" VALUES(9,388,'8cb6f05e181d49638b7e3685e750a9b8','E10000003','2021-02','cp_start','2021-02-26',1,'2','WBRI',NULL);
INSERT INTO "child_event_fact" VALUES(9,389,'d243a435e9fe55c7c6de569b84b1bd55','E10000003','2021-02','early_help','2021-02-26',17,'2','WOTH',NULL);
INSERT INTO "child_event_fact" VALUES(9,390,'edd0b636a08cb6fee3a1c4559f9d01b8','E10000003','2021-02','contact','2021-02-26',7,'2','WBRI',NULL);
INSERT INTO "child_event_fact" VALUES(9,391,'712943aeda7472977f70ba2f3bbd5cfc','E10000003','2021-02','referral','2021-02-26',7,'2','WBRI',NULL);
INSERT INTO "child_event_fact" VALUES(9,392,'dd44595da9d32409cb7c808d6773ab2c','E10000003','2021-02','contact','2021-02-26',10,'2','WBRI',NULL);
INSERT INTO "child_event_fact" VALUES(9,393,'3eaa57e659ef26369250d01ee2c339a9','E10000003','2021-02','s47','2021-02-26',15,'1','WBRI',NULL);
INSERT INTO "child_event_fact" VALUES(9,394,'43070886a4d8dcdc3e12c8ca4c9218ef','E10000003','2021-02','care_start','2021-02-26',17,'1','WBRI',NULL);
INSERT INTO "child_event_fact" VALUES(9,395,'080033711214ff8d2e578fe2ae1e016d','E10000003','2021-02','contact','2021-02-26',16,'1','WIRT',NULL);
INSERT INTO "child_event_fact" VALUES(9,396,'6b7f0073ac971713cf70683ff5907e45','E10000003','2021-02','contact','2021-02-26',11,'2','WBRI',NULL);
INSERT INTO "child_event_fact" VALUES(9,397,'948061f002c5e5a458179cdfcc0aaf28','E10000003','2021-02','cp_start','2021-02-26',1,'1','WBRI',NULL);
INSERT INTO "child_event_fact" VALUES(9,398,'b4f827ed17f075a4b082c59e4ee36fa5','E10000003','2021-02','contact','2021-02-27',7,'2','WOTH',NULL);
INSERT INTO "child_event_fact" VALUES(9,399,'4ebe68b8f1a2edc540b85f40c380f665','E10000003','2021-02','assessment','2021-02-27',10,'0','MWBC','1B,16A,22A');
INSERT INTO "child_event_fact" VALUES(9,400,'9845acc5ae82c87ec5fab949ef864fa8','E10000003','2021-02','cp_start','2021-02-27',10,'1','MWBA',NULL);
INSERT INTO "child_event_fact" VALUES(9,401,'ca5eccbd4709a61bbd947ad62a76709e','E10000003','2021-02','contact','2021-02-27',14,'1','BAFR',NULL);
INSERT INTO "child_event_fact" VALUES(9,402,'92689f6c5aed5cf319c2f2794607e086','E10000003','2021-02','contact','2021-02-27',1,'1','WBRI',NULL);
INSERT INTO "child_event_fact" VALUES(9,403,'b229d87937d9e125f0155fdf1bcd09d1','E10000003','2021-02','contact','2021-02-27',13,'1','MOTH',NULL);
INSERT INTO "child_event_fact" VALUES(9,404,'5efad4f84005aa9a73e2d1d0eade9351','E10000003','2021-02','assessment','2021-02-27',15,'2','REFU','22A');
INSERT INTO "child_event_fact" VALUES(9,405,'4289d71e0eb978f1e4ed22957bd4fb56','E10000003','2021-02','contact','2021-02-27',8,'1','WBRI',NULL);
INSERT INTO "child_event_fact" VALUES(9,406,'b7a7cfc669969890767b21439bafcf11','E10000003','2021-02','contact','2021-02-27',10,'2','WBRI',NULL);
INSERT INTO "child_event_fact" VALUES(9,407,'b255694ac7a1b5747b717b7b8af6ff61','E10000003','2021-02','early_help','2021-02-27',5,'1','WBRI',NULL);
INSERT INTO "child_event_fact" VALUES(9,408,'10747983d80569eba0446073b13f0eaf','E10000003','2021-02','contact','2021-02-27',4,'1','WBRI',NULL);
INSERT INTO "child_event_fact" VALUES(9,409,'54b839f3df24fbfbdd5a0fc652f1e263','E10000003','2021-02','referral','2021-02-27',8,'2','WBRI',NULL);
INSERT INTO "child_event_fact" VALUES(9,410,'73b1d1158bed3ae206ea4df3cab71370','E10000003','2021-02','contact','2021-02-27',2,'2','WBRI',NULL);
INSERT INTO "child_event_fact" VALUES(9,411,'17c645f75fb39aa0d888b370f0690bdf','E10000003','2021-02','contact','2021-02-27',12,'1','WBRI',NULL);
INSERT INTO "child_event_fact" VALUES(9,412,'e7a6ece609ecee09d2a17fa9608483d6','E10000003','2021-02','referral','2021-02-27',16,'1','WBRI',NULL);
INSERT INTO "child_event_fact" VALUES(9,413,'2eadb7660858de4b7a995abfe5d54b68','E10000003','2021-02','contact','2021-02-27',14,'2','WBRI',NULL);
INSERT INTO "child_event_fact" VALUES(9,414,'c54849c071059dfe05967c35326a8bf9','E10000003','2021-02','contact','2021-02-27',6,'2','WBRI',NULL);
INSERT INTO "child_event_fact" VALUES(9,415,'e3024ec5d17f2e7ae8c7432d3ef77173','E10000003','2021-02','referral','2021-02-27',15,'2','WBRI',NULL);
INSERT INTO "child_event_fact" VALUES(9,416,'cdc10d09c6210327283d4d38e3a47d29','E10000003','2021-02','contact','2021-02-28',12,'1','WOTH',NULL);
INSERT INTO "child_event_fact" VALUES(9,417,'6ff3fdbcde0f0c82d2c5d15d7dacabe0','E10000003','2021-02','contact','2021-02-28',12,'2','MOTH',NULL);
INSERT INTO "child_event_fact" VALUES(9,418,'542c18eaa006bfeede19472183b5f929','E10000003','2021-02','s47','2021-02-28',11,'2','WBRI',NULL);
INSERT INTO "child_event_fact" VALUES(9,419,'f7c6124652d69e45e885c2e1cdafd17a','E10000003','2021-02','contact','2021-02-28',17,'1','WBRI',NULL);
INSERT INTO "child_event_fact" VALUES(9,420,'b096e4ced523c2e763c45b6102ad67ba','E10000003','2021-02','icpc','2021-02-28',7,'2','AIND',NULL);
INSERT INTO "child_event_fact" VALUES(9,421,'50581ce54c4f3167f24f3a4162101f57','E10000003','2021-02','assessment','2021-02-28',0,'2','WBRI','3A,16A,18B');
INSERT INTO "child_event_fact" VALUES(9,422,'6d3f4bbe27c189871e8eb49d92d1d7c7','E10000003','2021-02','contact','2021-02-28',15,'1','WBRI',NULL);
INSERT INTO "child_event_fact" VALUES(9,423,'8f7882cc6e25fc9e62c5270a122ff02d','E10000003','2021-02','contact','2021-02-28',0,'1','WBRI',NULL);
INSERT INTO "child_event_fact" VALUES(9,424,'318d63b6975f307fafdaa243934d58e0','E10000003','2021-02','early_help','2021-02-28',16,'1','WBRI',NULL);
INSERT INTO "child_event_fact" VALUES(9,425,'b4cb5177b74ee1169073abb5da2da1aa','E10000003','2021-02','early_help','2021-02-28',9,'1','WBRI',NULL);
INSERT INTO "child_event_fact" VALUES(9,426,'7fa8c77b9010e6402c43507364386692','E10000003','2021-02','assessment','2021-02-28',0,'2','WBRI','3B');
INSERT INTO "child_event_fact" VALUES(9,427,'d3ee1a43ca820c14f4f4295f11a97b3e','E10000003','2021-02','referral','2021-02-28',15,'1','MOTH',NULL);
INSERT INTO "child_event_fact" VALUES(9,428,'19d6a1b418c80862bf1b195150c7cee0','E10000003','2021-02','contact','2021-02-28',11,'1','WBRI',NULL);
INSERT INTO "child_event_fact" VALUES(9,429,'8192d71103bc0674da02086b06ad51d0','E10000003','2021-02','contact','2021-02-28',13,'2','NOBT',NULL);
INSERT INTO "child_event_fact" VALUES(10,2,'82deb747568e2a00e8eeebceb3b9e9be','E06000031','2021-02','contact','2021-02-01',0,'2','REFU',NULL);
INSERT INTO "child_event_fact" VALUES(10,3,'88aeb83acb4889200bf53fc2e393941e','E06000031','2021-02','early_help','2021-02-01',13,'1','WBRI',NULL);
INSERT INTO "child_event_fact" VALUES(10,4,'5b2715942ecc70647be9899713273c34','E06000031','2021-02','early_help','2021-02-01',15,'1','WBRI',NULL);
INSERT INTO "child_event_fact" VALUES(10,5,'e7cb3f71ec4583e60793534920bb8c4a','E06000031','2021-02','referral','2021-02-01',1,'1','WBRI',NULL);
INSERT INTO "child_event_fact" VALUES(10,6,'f082b6f5fecc3cf56dd2e30cc0176850','E06000031','2021-02','icpc','2021-02-01',12,'1','WBRI',NULL);
INSERT INTO "child_event_fact" VALUES(10,7,'f0e1cca5961c98ccb03fc6ccb26e33da','E06000031','2021-02','contact','2021-02-01',15,'2','WBRI',NULL);
INSERT INTO "child_event_fact" VALUES(10,8,'154223bec3a3d1f9665e7dffa67b6b9c','E06000031','2021-02','contact','2021-02-01',12,'1','WBRI',NULL);
INSERT INTO "child_event_fact" VALUES(10,9,'af1347f11c065983e3840d891a98adac','E06000031','2021-02','early_help','2021-02-01',16,'2','WBRI',NULL);
INSERT INTO "child_event_fact" VALUES(10,10,'b6ae54878f28fba9e2a603cfaf4e2791','E06000031','2021-02','referral','2021-02-01',7,'2','BAFR',NULL);
INSERT INTO "child_event_fact" VALUES(10,11,'14b23e0ff81165a227c021223081d643','E06000031','2021-02','contact','2021-02-01',1,'2','APKN',NULL);
INSERT INTO "child_event_fact" VALUES(10,12,'d8f2e22c6f13f191ea770558fa132a2a','E06000031','2021-02','contact','2021-02-02',9,'1','REFU',NULL);
INSERT INTO "child_event_fact" VALUES(10,13,'f20539ae2a2c3d851e02e86e6968aa62','E06000031','2021-02','contact','2021-02-02',2,'1','WOTH',NULL);
INSERT INTO "child_event_fact" VALUES(10,14,'a45220f8776735f20189f8de047ca6ab','E06000031','2021-02','cp_start','2021-02-02',7,'1','AIND',NULL);
INSERT INTO "child_event_fact" VALUES(10,15,'5a9ac857a65568a279652636c16b56d2','E06000031','2021-02','referral','2021-02-02',1,'2','WBRI',NULL);
INSERT INTO "child_event_fact" VALUES(10,16,'c167b115eea1f1e5b2bc0f2032e95efb','E06000031','2021-02','contact','2021-02-02',17,'1','MOTH',NULL);
INSERT INTO "child_event_fact" VALUES(10,17,'f4fc510c580e7901a48a5599a5e45bf0','E06000031','2021-02','contact','2021-02-02',4,'2','WBRI',NULL);
INSERT INTO "child_event_fact" VALUES(10,18,'9e13d0d71140781c985d4ba0e58dfec7','E06000031','2021-02','contact','2021-02-02',17,'0','WBRI',NULL);
INSERT INTO "child_event_fact" VALUES(10,19,'fc61686cabce62bbe86156bc610cad8a','E06000031','2021-02','contact','2021-02-02',13,'1','WBRI',NULL);
INSERT INTO "child_event_fact" VALUES(10,20,'f99438835ac686e797ebe492fb8e7c56','E06000031','2021-02','contact','2021-02-02',11,'2','APKN',NULL);
INSERT INTO "child_event_fact" VALUES(10,21,'fe507727218df482e196ff54745c9475','E06000031','2021-02','assessment','2021-02-02',8,'1','WIRT','4A,11A');
INSERT INTO "child_event_fact" VALUES(10,22,'e1f6f6b6fc5b5e6407f1014a663320be','E06000031','2021-02','referral','2021-02-02',6,'1','WBRI',NULL);
INSERT INTO "child_event_fact" VALUES(10,23,'f5985d4d8b72d6d47ccdad6caec7adf3','E06000031','2021-02','assessment','2021-02-02',16,'2','WROM','24A');
INSERT INTO "child_event_fact" VALUES(10,24,'98ddafdbba460a8b8628ecc7fb3c0940','E06000031','2021-02','contact','2021-02-02',3,'0','WBRI',NULL);
INSERT INTO "child_event_fact" VALUES(10,25,'db9890b1294fcd53dcad6f84627d6e9a','E06000031','2021-02','assessment','2021-02-02',11,'1','WOTH','5B,12A,17A');
INSERT INTO "child_event_fact" VALUES(10,26,'ebf55674e5f53de64ffb1ec472ca75b8','E06000031','2021-02','contact','2021-02-02',6,'1','WOTH',NULL);
INSERT INTO "child_event_fact" VALUES(10,27,'121423fa84390a275627fe9fd710941f','E06000031','2021-02','contact','2021-02-03',5,'1','WBRI',NULL);
INSERT INTO "child_event_fact" VALUES(10,28,'467c519574518be55216aa1f62fe5e7d','E06000031','2021-02','early_help','2021-02-03',7,'2','WBRI',NULL);
INSERT INTO "child_event_fact" VALUES(10,29,'fc61686cabce62bbe86156bc610cad8a','E06000031','2021-02','contact','2021-02-03',13,'1','WBRI',NULL);
INSERT INTO "child_event_fact" VALUES(10,30,'907dec8bf276e0a9ac71f87ae5ba927c','E06000031','2021-02','contact','2021-02-03',6,'1','WBRI',NULL);
INSERT INTO "child_event_fact" VALUES(10,31,'5b336a6c86883ded704d3af69f950a66','E06000031','2021-02','cp_end','2021-02-03',1,'1','WBRI',NULL);
INSERT INTO "child_event_fact" VALUES(10,32,'e5d0a35e213aad852892f75dd355c337','E06000031','2021-02','contact','2021-02-04',3,'1','WBRI',NULL);
INSERT INTO "child_event_fact" VALUES(10,33,'31f9eeb50ad47b060f6ef0c89ac036c7','E06000031','2021-02','early_help','2021-02-04',8,'2','WOTH',NULL);
INSERT INTO "child_event_fact" VALUES(10,34,'9e13d0d71140781c985d4ba0e58dfec7','E06000031','2021-02','contact','2021-02-04',17,'0','WBRI',NULL);
INSERT INTO "child_event_fact" VALUES(10,35,'649142beb3fafb1dd5ce976f5a1bb223','E06000031','2021-02','contact','2021-02-05',16,'1','WBRI',NULL);
INSERT INTO "child_event_fact" VALUES(10,36,'6a008abf9a1a2e0d2d556dc02b63c43b','E06000031','2021-02','contact','2021-02-05',2,'2','WBRI',NULL);
INSERT INTO "child_event_fact" VALUES(10,37,'4fc76df9d13385a49c81a3a5611bfbc6','E06000031','2021-02','s47','2021-02-05',4,'2','WBRI',NULL);
INSERT INTO "child_event_fact" VALUES(10,38,'09a9106f2bf5f7f2464cf20b4dffa774','E06000031','2021-02','early_help','2021-02-05',10,'2','WOTH',NULL);
INSERT INTO "child_event_fact" VALUES(10,39,'62f505e2550741d4afb3efaff9033b7b','E06000031','2021-02','contact','2021-02-05',8,'1','WOTH',NULL);
INSERT INTO "child_event_fact" VALUES(10,40,'ca94e3663a6ffcee573af168cb6550f5','E06000031','2021-02','contact','2021-02-05',13,'1','MOTH',NULL);
INSERT INTO "child_event_fact" VALUES(10,41,'5bf9ae97087c0ecdbe940f7e75d9c055','E06000031','2021-02','contact','2021-02-05',9,'1','WROM',NULL);
INSERT INTO "child_event_fact" VALUES(10,42,'63de7ed41e669ff111a2b3c443c19ef9','E06000031','2021-02','assessment','2021-02-06',12,'1','BAFR','21');
INSERT INTO "child_event_fact" VALUES(10,43,'5411247606b4a7098f75f969b183e3be','E06000031','2021-02','referral','2021-02-06',3,'2','WBRI',NULL);
INSERT INTO "child_event_fact" VALUES(10,44,'7395330c3cd6a569d4406bd956da5422','E06000031','2021-02','contact','2021-02-06',0,'2','WOTH',NULL);
INSERT INTO "child_event_fact" VALUES(10,45,'efab319e1d626f1e608407e142b944ae','E06000031','2021-02','early_help','2021-02-06',6,'2','WBRI',NULL);
INSERT INTO "child_event_fact" VALUES(10,46,'9c04010f7cff2098d731ecc6781d0f2d','E06000031','2021-02','contact','2021-02-06',10,'1','WOTH',NULL);
INSERT INTO "child_event_fact" VALUES(10,47,'18a3325263c348e37a7c9b152c86d56c','E06000031','2021-02','assessment','2021-02-06',0,'1','WBRI','10A');
INSERT INTO "child_event_fact" VALUES(10,48,'3ea90b4156642d5de30865ef9e9f7160','E06000031','2021-02','early_help','2021-02-07',5,'2','AOTH',NULL);
INSERT INTO "child_event_fact" VALUES(10,49,'123170415db1c7421c6f7eb5def28195','E06000031','2021-02','early_help','2021-02-07',2,'1','WBRI',NULL);
INSERT INTO "child_event_fact" VALUES(10,50,'1a016cc22411599f8498169708e4dda2','E06000031','2021-02','assessment','2021-02-07',8,'1','WROM','22A');
INSERT INTO "child_event_fact" VALUES(10,51,'907dec8bf276e0a9ac71f87ae5ba927c','E06000031','2021-02','assessment','2021-02-07',6,'1','WBRI','21');
INSERT INTO "child_event_fact" VALUES(10,52,'9981d6a0917dc31b81f2de6d4e9089d4','E06000031','2021-02','assessment','2021-02-07',9,'2','WBRI','3A,18B');
INSERT INTO "child_event_fact" VALUES(10,53,'cb99e2a2e6618fcb7aa29736d3e599c3','E06000031','2021-02','assessment','2021-02-07',3,'1','WBRI','3A,18B,19B');
INSERT INTO "child_event_fact" VALUES(10,54,'b6ae54878f28fba9e2a603cfaf4e2791','E06000031','2021-02','assessment','2021-02-07',7,'2','BAFR','3A,5B,10A,14A');
INSERT INTO "child_event_fact" VALUES(10,55,'924e3f16c043c536134711912307fd69','E06000031','2021-02','contact','2021-02-08',15,'1','WBRI',NULL);
INSERT INTO "child_event_fact" VALUES(10,56,'d04025c624093916f3a2cd8964b77496','E06000031','2021-02','contact','2021-02-08',7,'1','BAFR',NULL);
INSERT INTO "child_event_fact" VALUES(10,57,'0ce93343be8fda1887241b45dd4c8809','E06000031','2021-02','contact','2021-02-08',9,'2','WOTH',NULL);
INSERT INTO "child_event_fact" VALUES(10,58,'8b7c7ea4a42451bcd035e687dee321b4','E06000031','2021-02','assessment','2021-02-08',8,'1','WBRI','21');
INSERT INTO "child_event_fact" VALUES(10,59,'bcdae815a82b5fb84fd433bc16063531','E06000031','2021-02','early_help','2021-02-08',3,'2','WOTH',NULL);
INSERT INTO "child_event_fact" VALUES(10,60,'3edf3a82c278b25371eb4f9b90a42d5d','E06000031','2021-02','early_help','2021-02-08',1,'1','CHNE',NULL);
INSERT INTO "child_event_fact" VALUES(10,61,'08250f1ed41826f248aae9959ffa01ec','E06000031','2021-02','assessment','2021-02-09',5,'2','WBRI','1B,12A,13A,14A');
INSERT INTO "child_event_fact" VALUES(10,62,'99e5639e5f23673843c8523569f6b202','E06000031','2021-02','early_help','2021-02-09',6,'2','WBRI',NULL);
INSERT INTO "child_event_fact" VALUES(10,63,'63855c5af1e518592df27c3853df45e5','E06000031','2021-02','contact','2021-02-09',13,'1','WBRI',NULL);
INSERT INTO "child_event_fact" VALUES(10,64,'f956030f506e583cddf2a29864df551f','E06000031','2021-02','referral','2021-02-09',6,'1','AIND',NULL);
INSERT INTO "child_event_fact" VALUES(10,65,'4750cf98387ac2af26ce24f071fcd446','E06000031','2021-02','contact','2021-02-09',1,'1','NOBT',NULL);
INSERT INTO "child_event_fact" VALUES(10,66,'e13598d30c5a04e982fd6591b61004d5','E06000031','2021-02','assessment','2021-02-09',10,'1','MOTH','1B,4A,14A,18B');
INSERT INTO "child_event_fact" VALUES(10,67,'8c379409b6efcf2692e38d05edf53e4f','E06000031','2021-02','assessment','2021-02-09',6,'2','APKN','13A,18B');
INSERT INTO "child_event_fact" VALUES(10,68,'8b4bb2279558329ba114b9867e39b107','E06000031','2021-02','contact','2021-02-10',0,'1','NOBT',NULL);
INSERT INTO "child_event_fact" VALUES(10,69,'3c1e63eb181789e31266fe945357d29a','E06000031','2021-02','early_help','2021-02-10',3,'1','WBRI',NULL);
INSERT INTO "child_event_fact" VALUES(10,70,'186ef25d379c5d1d7d21ce5c4f6f8ab7','E06000031','2021-02','early_help','2021-02-10',1,'1','WBRI',NULL);
INSERT INTO "child_event_fact" VALUES(10,71,'a8f3d0ab6e77fdb74ac9dccdaa18b4a7','E06000031','2021-02','contact','2021-02-10',5,'1','WBRI',NULL);
INSERT INTO "child_event_fact" VALUES(10,72,'8283fadb8ae31399033574d3fc3108eb','E06000031','2021-02','s47','2021-02-10',16,'1','WBRI',NULL);
INSERT INTO "child_event_fact" VALUES(10,73,'55c1a181c0663ca8efe6e992d1343d87','E06000031','2021-02','early_help','2021-02-10',4,'2','WOTH',NULL);
INSERT INTO "child_event_fact" VALUES(10,74,'b95ad2be2b0af6649f8f43e03434e122','E06000031','2021-02','contact','2021-02-10',3,'2','MOTH',NULL);
INSERT INTO "child_event_fact" VALUES(10,75,'a7b9c664d6bf44faaf5c16890ce4643e','E06000031','2021-02','referral','2021-02-10',1,'1','WOTH',NULL);
INSERT INTO "child_event_fact" VALUES(10,76,'6e64dcaccd84a6bfc681a547c839f0fd','E06000031','2021-02','icpc','2021-02-11',6,'1','WBRI',NULL);
INSERT INTO "child_event_fact" VALUES(10,77,'e4bd3fb46f5318d415908cdbd3c4e6e7','E06000031','2021-02','contact','2021-02-11',13,'2','WOTH',NULL);
INSERT INTO "child_event_fact" VALUES(10,78,'b13857fdeaaf93abe0e9663d79f83a34','E06000031','2021-02','contact','2021-02-11',0,'1','MOTH',NULL);
INSERT INTO "child_event_fact" VALUES(10,79,'e73f80e81ba5b35fb09ab9447f79e3ac','E06000031','2021-02','early_help','2021-02-11',8,'1','WBRI',NULL);
INSERT INTO "child_event_fact" VALUES(10,80,'7098456ec24a8cf17169ea919b8f53c0','E06000031','2021-02','contact','2021-02-11',4,'2','WBRI',NULL);
INSERT INTO "child_event_fact" VALUES(10,81,'c9d03e3fc1ca603e994652d0aefe5a0a','E06000031','2021-02','contact','2021-02-11',3,'1','BAFR',NULL);
INSERT INTO "child_event_fact" VALUES(10,82,'95f5c741f911d4b49c7ecd890413cdbb','E06000031','2021-02','contact','2021-02-11',8,'1','WROM',NULL);
INSERT INTO "child_event_fact" VALUES(10,83,'85af0004bcd5882cc5bd2f587948511b','E06000031','2021-02','early_help','2021-02-11',4,'2','WBRI',NULL);
INSERT INTO "child_event_fact" VALUES(10,84,'55c1a181c0663ca8efe6e992d1343d87','E06000031','2021-02','contact','2021-02-11',4,'2','WOTH',NULL);
INSERT INTO "child_event_fact" VALUES(10,85,'a7b9c664d6bf44faaf5c16890ce4643e','E06000031','2021-02','contact','2021-02-11',1,'1','WOTH',NULL);
INSERT INTO "child_event_fact" VALUES(10,86,'d45f37a0ce05b2d59c9f1f1bd84f5f64','E06000031','2021-02','s47','2021-02-12',4,'1','NOBT',NULL);
INSERT INTO "child_event_fact" VALUES(10,87,'83f41bbf3c115685db05116810eb41ea','E06000031','2021-02','early_help','2021-02-12',12,'2','WOTH',NULL);
INSERT INTO "child_event_fact" VALUES(10,88,'ab882c65cb8b44c1c6fedf4d2dde154b','E06000031','2021-02','early_help','2021-02-12',9,'1','WBRI',NULL);
INSERT INTO "child_event_fact" VALUES(10,89,'38c345a4473423cdcf2c108f68ad6d86','E06000031','2021-02','referral','2021-02-12',10,'0','WBRI',NULL);
INSERT INTO "child_event_fact" VALUES(10,90,'e61222b261621cbf86a5cd25c75ea2f0','E06000031','2021-02','contact','2021-02-12',14,'2','WBRI',NULL);
INSERT INTO "child_event_fact" VALUES(10,91,'89ad302f24a14dd176e7410fe4713611','E06000031','2021-02','contact','2021-02-12',12,'2','WROM',NULL);
INSERT INTO "child_event_fact" VALUES(10,92,'c2f41e8e09961179cecb81940e8c095b','E06000031','2021-02','contact','2021-02-13',11,'2','WBRI',NULL);
INSERT INTO "child_event_fact" VALUES(10,93,'762ff16d9e7f1d5905070461bad9055e','E06000031','2021-02','assessment','2021-02-13',14,'2','WBRI','2B,5B');
INSERT INTO "child_event_fact" VALUES(10,94,'f4906e60efc303fe164f141be3d60100','E06000031','2021-02','contact','2021-02-13',6,'2','NOBT',NULL);
INSERT INTO "child_event_fact" VALUES(10,95,'dca0291e88bc23005a8ce9f51f831dad','E06000031','2021-02','referral','2021-02-13',0,'2','REFU',NULL);
INSERT INTO "child_event_fact" VALUES(10,96,'186ef25d379c5d1d7d21ce5c4f6f8ab7','E06000031','2021-02','assessment','2021-02-13',1,'1','WBRI','4B,7A');
INSERT INTO "child_event_fact" VALUES(10,97,'384422170ac382f143fa88d5bf1637c7','E06000031','2021-02','assessment','2021-02-13',5,'1','WBRI','3A,12A,16A');
INSERT INTO "child_event_fact" VALUES(10,98,'012c0c1afbe743ed434d1ae2c1770587','E06000031','2021-02','referral','2021-02-13',5,'2','WOTH',NULL);
INSERT INTO "child_event_fact" VALUES(10,99,'4c739d19583c9a3f039df3e73a2e59c7','E06000031','2021-02','contact','2021-02-13',16,'1','WBRI',NULL);
INSERT INTO "child_event_fact" VALUES(10,100,'24e2c229f743c16180d030378b4c720c','E06000031','2021-02','contact','2021-02-14',8,'2','WBRI',NULL);
INSERT INTO "child_event_fact" VALUES(10,101,'e1b49ce2652871398e457f72a02ad9f5','E06000031','2021-02','assessment','2021-02-14',10,'1','BOTH','6A,13A');
INSERT INTO "child_event_fact" VALUES(10,102,'2de55db7775093a4aa306683c08fcfd1','E06000031','2021-02','referral','2021-02-14',14,'2','WBRI',NULL);
INSERT INTO "child_event_fact" VALUES(10,103,'9cda9c4dbd43a7c604fbd5232847b9d5','E06000031','2021-02','contact','2021-02-14',2,'2','WBRI',NULL);
INSERT INTO "child_event_fact" VALUES(10,104,'5a8d57850981e63c11791271ecda3037','E06000031','2021-02','contact','2021-02-14',8,'2','WOTH',NULL);
INSERT INTO "child_event_fact" VALUES(10,105,'2b0198190fa442c29dded518709d9b10','E06000031','2021-02','contact','2021-02-14',8,'1','BAFR',NULL);
INSERT INTO "child_event_fact" VALUES(10,106,'c46ef27d6fd972a750e4baa2f42ee36f','E06000031','2021-02','contact','2021-02-14',15,'2','WBRI',NULL);
INSERT INTO "child_event_fact" VALUES(10,107,'c9d03e3fc1ca603e994652d0aefe5a0a','E06000031','2021-02','early_help','2021-02-14',3,'1','BAFR',NULL);
INSERT INTO "child_event_fact" VALUES(10,108,'5bf9ae97087c0ecdbe940f7e75d9c055','E06000031','2021-02','early_help','2021-02-14',9,'1','WROM',NULL);
INSERT INTO "child_event_fact" VALUES(10,109,'980d52d6e941b137c16b6af516a31375','E06000031','2021-02','assessment','2021-02-14',7,'1','APKN','10A');
INSERT INTO "child_event_fact" VALUES(10,110,'2c260897bc0081ce789f6baa08df095c','E06000031','2021-02','assessment','2021-02-15',14,'2','WBRI','12A');
INSERT INTO "child_event_fact" VALUES(10,111,'e41fde24ce2201d0b31b064f1ce88c8b','E06000031','2021-02','referral','2021-02-15',8,'2','WBRI',NULL);
INSERT INTO "child_event_fact" VALUES(10,112,'55c1a181c0663ca8efe6e992d1343d87','E06000031','2021-02','contact','2021-02-15',4,'2','WOTH',NULL);
INSERT INTO "child_event_fact" VALUES(10,113,'af1347f11c065983e3840d891a98adac','E06000031','2021-02','contact','2021-02-15',16,'2','WBRI',NULL);
INSERT INTO "child_event_fact" VALUES(10,114,'1542b20d58f3a333f49942550897abba','E06000031','2021-02','contact','2021-02-16',0,'2','APKN',NULL);
INSERT INTO "child_event_fact" VALUES(10,115,'9c3049d70397bbc2a4faa60ddddbce0e','E06000031','2021-02','referral','2021-02-16',14,'1','MOTH',NULL);
INSERT INTO "child_event_fact" VALUES(10,116,'b3d4db9c936562479aee2dbc35f8a2b5','E06000031','2021-02','contact','2021-02-16',17,'1','WBRI',NULL);
INSERT INTO "child_event_fact" VALUES(10,117,'b5201a4978c741c0dad52c0be88c2cdf','E06000031','2021-02','contact','2021-02-16',10,'1','WBRI',NULL);
INSERT INTO "child_event_fact" VALUES(10,118,'8da24f980da15af975fa6ab48bccc2b1','E06000031','2021-02','contact','2021-02-16',1,'0','WOTH',NULL);
INSERT INTO "child_event_fact" VALUES(10,119,'8c039335793554141066104ab5a4cedb','E06000031','2021-02','contact','2021-02-16',1,'1','BOTH',NULL);
INSERT INTO "child_event_fact" VALUES(10,120,'177435901da2fc535e2e733629be3272','E06000031','2021-02','early_help','2021-02-16',17,'2','WOTH',NULL);
INSERT INTO "child_event_fact" VALUES(10,121,'6cea905dbbfb322786b56f8d816a9594','E06000031','2021-02','assessment','2021-02-16',1,'1','WBRI','4B,12A');
INSERT INTO "child_event_fact" VALUES(10,122,'1d6abef08ce7ce1d744bb1547f372431','E06000031','2021-02','early_help','2021-02-16',8,'2','WROM',NULL);
INSERT INTO "child_event_fact" VALUES(10,123,'5704ca947799ca9c9c7afe48a4e35a20','E06000031','2021-02','contact','2021-02-16',10,'1','WBRI',NULL);
INSERT INTO "child_event_fact" VALUES(10,124,'0c2552175088a3b75ae63cd032fa03ef','E06000031','2021-02','contact','2021-02-16',16,'1','WBRI',NULL);
INSERT INTO "child_event_fact" VALUES(10,125,'8c922a502a1eaafd1e1ee83b370aad57','E06000031','2021-02','assessment','2021-02-16',3,'1','WBRI','13A');
INSERT INTO "child_event_fact" VALUES(10,126,'b12f784862f66c7ddbb4ff5b16e70a85','E06000031','2021-02','referral','2021-02-17',4,'1','WBRI',NULL);
INSERT INTO "child_event_fact" VALUES(10,127,'2ccb2f7ff13986494c08c0e13074f307','E06000031','2021-02','contact','2021-02-17',0,'0','WBRI',NULL);
INSERT INTO "child_event_fact" VALUES(10,128,'6b298c33baafc66fe04216390c59d6fe','E06000031','2021-02','contact','2021-02-17',3,'2','BOTH',NULL);
INSERT INTO "child_event_fact" VALUES(10,129,'06b4998d4333a02f1a11fa2a2f68b093','E06000031','2021-02','contact','2021-02-17',7,'2','WBRI',NULL);
INSERT INTO "child_event_fact" VALUES(10,130,'ee7720718ee267120d646d5451ee48dc','E06000031','2021-02','referral','2021-02-17',1,'2','APKN',NULL);
INSERT INTO "child_event_fact" VALUES(10,131,'7422d6af74e8289e056aea12eaa5c6ec','E06000031','2021-02','contact','2021-02-17',3,'1','MWAS',NULL);
INSERT INTO "child_event_fact" VALUES(10,132,'87da6e324bb14f55c7e3a1d296227877','E06000031','2021-02','contact','2021-02-17',10,'1','WBRI',NULL);
INSERT INTO "child_event_fact" VALUES(10,133,'30022e4c50bbb96c1f4be9ff8af99c75','E06000031','2021-02','contact','2021-02-17',4,'2','APKN',NULL);
INSERT INTO "child_event_fact" VALUES(10,134,'805aee5b4002a9e8297283481f63fa3b','E06000031','2021-02','contact','2021-02-17',15,'2','AOTH',NULL);
INSERT INTO "child_event_fact" VALUES(10,135,'ced98978ed331814d17b3d8cfb00c4a9','E06000031','2021-02','contact','2021-02-18',8,'1','WBRI',NULL);
INSERT INTO "child_event_fact" VALUES(10,136,'2ef6936cba3eb977c5b6ade01bc0c191','E06000031','2021-02','contact','2021-02-18',8,'2','AIND',NULL);
INSERT INTO "child_event_fact" VALUES(10,137,'5b336a6c86883ded704d3af69f950a66','E06000031','2021-02','contact','2021-02-18',1,'1','WBRI',NULL);
INSERT INTO "child_event_fact" VALUES(10,138,'5af97a6913557f0610e9e553ed2cd06a','E06000031','2021-02','contact','2021-02-18',11,'1','WBRI',NULL);
INSERT INTO "child_event_fact" VALUES(10,139,'b16d585eb869538e00574c0f9e6fda15','E06000031','2021-02','contact','2021-02-18',10,'1','WBRI',NULL);
INSERT INTO "child_event_fact" VALUES(10,140,'024c913c6f506ea72c65bab00dff3db7','E06000031','2021-02','assessment','2021-02-18',14,'2','WBRI','3B,4A,11A,24A');
INSERT INTO "child_event_fact" VALUES(10,141,'0526ae97b48d0020bd995ce82a7a6286','E06000031','2021-02','contact','2021-02-18',14,'1','WBRI',NULL);
INSERT INTO "child_event_fact" VALUES(10,142,'fe579acc5414135d86865291e47caa2e','E06000031','2021-02','contact','2021-02-19',17,'2','BCRB',NULL);
INSERT INTO "child_event_fact" VALUES(10,143,'c6c4d65b30879da79507b68ca91f5a8e','E06000031','2021-02','early_help','2021-02-19',0,'2','MWAS',NULL);
INSERT INTO "child_event_fact" VALUES(10,144,'467c519574518be55216aa1f62fe5e7d','E06000031','2021-02','contact','2021-02-19',7,'2','WBRI',NULL);
INSERT INTO "child_event_fact" VALUES(10,145,'f87345fcb78765d0c4040bd1ea3cb6f9','E06000031','2021-02','contact','2021-02-19',10,'1','BAFR',NULL);
INSERT INTO "child_event_fact" VALUES(10,146,'f0ec5b4a6be97b3aa2008e7fe79301d9','E06000031','2021-02','referral','2021-02-19',15,'2','BAFR',NULL);
INSERT INTO "child_event_fact" VALUES(10,147,'182886ca2601961a1f7de436e7584001','E06000031','2021-02','contact','2021-02-19',5,'2','WBRI',NULL);
INSERT INTO "child_event_fact" VALUES(10,148,'9853c36e949025fe00a92cab1c7c94e4','E06000031','2021-02','referral','2021-02-19',9,'1','WBRI',NULL);
INSERT INTO "child_event_fact" VALUES(10,149,'ce4481f6b33d66306ddca228ae2799dc','E06000031','2021-02','contact','2021-02-19',13,'1','WBRI',NULL);
INSERT INTO "child_event_fact" VALUES(10,150,'43bdb86b8c62065e252717c6830f5830','E06000031','2021-02','early_help','2021-02-19',4,'1','BAFR',NULL);
INSERT INTO "child_event_fact" VALUES(10,151,'511d146fca898d54f7b354544c5ee205','E06000031','2021-02','contact','2021-02-19',6,'2','AOTH',NULL);
INSERT INTO "child_event_fact" VALUES(10,152,'f34b56bf96cd1e61952451cef1501965','E06000031','2021-02','contact','2021-02-19',5,'1','WBRI',NULL);
INSERT INTO "child_event_fact" VALUES(10,153,'9914bb75c4e88cfcd42b392fcb4a1049','E06000031','2021-02','early_help','2021-02-20',3,'2','WBRI',NULL);
INSERT INTO "child_event_fact" VALUES(10,154,'f1d467b53b127da29dcfa2721d286d48','E06000031','2021-02','icpc','2021-02-20',12,'1','WBRI',NULL);
INSERT INTO "child_event_fact" VALUES(10,155,'5b336a6c86883ded704d3af69f950a66','E06000031','2021-02','referral','2021-02-20',1,'1','WBRI',NULL);
INSERT INTO "child_event_fact" VALUES(10,156,'52803a8ce3c32d93e9da5caa3bbb33fb','E06000031','2021-02','referral','2021-02-20',4,'1','WBRI',NULL);
INSERT INTO "child_event_fact" VALUES(10,157,'7d5ac95341fba52b867452667be75177','E06000031','2021-02','contact','2021-02-20',16,'1','MWBC',NULL);
INSERT INTO "child_event_fact" VALUES(10,158,'31f9eeb50ad47b060f6ef0c89ac036c7','E06000031','2021-02','early_help','2021-02-21',8,'2','WOTH',NULL);
INSERT INTO "child_event_fact" VALUES(10,159,'bcd651d0e511aa385103eadf05794f01','E06000031','2021-02','early_help','2021-02-21',13,'1','NOBT',NULL);
INSERT INTO "child_event_fact" VALUES(10,160,'5f7a18a9d444e5bbfc7b43f6557d5a81','E06000031','2021-02','contact','2021-02-21',14,'2','WBRI',NULL);
INSERT INTO "child_event_fact" VALUES(10,161,'472f17d0bd834ea5c9d8f730113a8517','E06000031','2021-02','assessment','2021-02-21',12,'2','MWBC','3A');
INSERT INTO "child_event_fact" VALUES(10,162,'0e18fa239c05a275ee10a76b3a649d18','E06000031','2021-02','referral','2021-02-21',10,'2','WBRI',NULL);
INSERT INTO "child_event_fact" VALUES(10,163,'48fefadaa697abedf0d2a6a6e25677a5','E06000031','2021-02','assessment','2021-02-21',12,'1','WOTH','18B');
INSERT INTO "child_event_fact" VALUES(10,164,'c19066f4f730cca16a79093b1a39452f','E06000031','2021-02','contact','2021-02-21',1,'1','WBRI',NULL);
INSERT INTO "child_event_fact" VALUES(10,165,'e7cb3f71ec4583e60793534920bb8c4a','E06000031','2021-02','early_help','2021-02-21',1,'1','WBRI',NULL);
INSERT INTO "child_event_fact" VALUES(10,166,'004bd6d26ba959e42fa38c4952173515','E06000031','2021-02','contact','2021-02-21',17,'1','WOTH',NULL);
INSERT INTO "child_event_fact" VALUES(10,167,'89ad302f24a14dd176e7410fe4713611','E06000031','2021-02','contact','2021-02-21',12,'2','WROM',NULL);
INSERT INTO "child_event_fact" VALUES(10,168,'01cfb01d429f1c158a5410897d41882b','E06000031','2021-02','referral','2021-02-21',5,'2','WBRI',NULL);
INSERT INTO "child_event_fact" VALUES(10,169,'a7b9c664d6bf44faaf5c16890ce4643e','E06000031','2021-02','assessment','2021-02-21',1,'1','WOTH','16A');
INSERT INTO "child_event_fact" VALUES(10,170,'970c4782e37f1d109bacf8d773b91d01','E06000031','2021-02','contact','2021-02-22',9,'1','WBRI',NULL);
INSERT INTO "child_event_fact" VALUES(10,171,'e4bd3fb46f5318d415908cdbd3c4e6e7','E06000031','2021-02','contact','2021-02-22',13,'2','WOTH',NULL);
INSERT INTO "child_event_fact" VALUES(10,172,'9cda9c4dbd43a7c604fbd5232847b9d5','E06000031','2021-02','contact','2021-02-22',2,'2','WBRI',NULL);
INSERT INTO "child_event_fact" VALUES(10,173,'0be45da91303a8bb4700d8cda120603a','E06000031','2021-02','contact','2021-02-22',4,'1','BOTH',NULL);
INSERT INTO "child_event_fact" VALUES(10,174,'e44192ddc49d60bddf0f12e154671904','E06000031','2021-02','referral','2021-02-22',16,'2','WBRI',NULL);
INSERT INTO "child_event_fact" VALUES(10,175,'9764336e982a1335284e22ca6ae22514','E06000031','2021-02','early_help','2021-02-22',1,'1','WBRI',NULL);
INSERT INTO "child_event_fact" VALUES(10,176,'86b996f84991c3158887d79475b5cb58','E06000031','2021-02','care_start','2021-02-22',12,'1','WOTH',NULL);
INSERT INTO "child_event_fact" VALUES(10,177,'4750cf98387ac2af26ce24f071fcd446','E06000031','2021-02','assessment','2021-02-22',1,'1','NOBT','6A,10A,17A,22A');
INSERT INTO "child_event_fact" VALUES(10,178,'baedd26c6bb618d83a6c7634bab3b0a7','E06000031','2021-02','cp_start','2021-02-22',12,'1','WBRI',NULL);
INSERT INTO "child_event_fact" VALUES(10,179,'805aee5b4002a9e8297283481f63fa3b','E06000031','2021-02','early_help','2021-02-22',15,'2','AOTH',NULL);
INSERT INTO "child_event_fact" VALUES(10,180,'0e3152721778bac55d6c81db98f8c92c','E06000031','2021-02','assessment','2021-02-23',7,'1','WBRI','17A');
INSERT INTO "child_event_fact" VALUES(10,181,'e6c84b8e8261ccd8ced825342ebbf143','E06000031','2021-02','contact','2021-02-23',14,'1','MWBC',NULL);
INSERT INTO "child_event_fact" VALUES(10,182,'55deab3378e0c2babf5ef78b7535bf1a','E06000031','2021-02','contact','2021-02-23',3,'2','WBRI',NULL);
INSERT INTO "child_event_fact" VALUES(10,183,'f25279f560a5ff84f95ff4a2b0275b84','E06000031','2021-02','contact','2021-02-23',15,'2','WBRI',NULL);
INSERT INTO "child_event_fact" VALUES(10,184,'ee7720718ee267120d646d5451ee48dc','E06000031','2021-02','contact','2021-02-23',1,'2','APKN',NULL);
INSERT INTO "child_event_fact" VALUES(10,185,'2bf8d20241afc752af950b2c8683ddc3','E06000031','2021-02','assessment','2021-02-23',10,'2','WBRI','14A');
INSERT INTO "child_event_fact" VALUES(10,186,'54fba9e6ded20935ebc017155c92853b','E06000031','2021-02','early_help','2021-02-23',11,'1','MWBC',NULL);
INSERT INTO "child_event_fact" VALUES(10,187,'4c739d19583c9a3f039df3e73a2e59c7','E06000031','2021-02','assessment','2021-02-23',16,'1','WBRI','24A');
INSERT INTO "child_event_fact" VALUES(10,188,'21beb9b6498fbb6c6921b41a0d4687f9','E06000031','2021-02','contact','2021-02-24',6,'2','BAFR',NULL);
INSERT INTO "child_event_fact" VALUES(10,189,'00b3e8ec7c303be5ea535e11ddaaeecb','E06000031','2021-02','cp_end','2021-02-24',14,'1','WBRI',NULL);
INSERT INTO "child_event_fact" VALUES(10,190,'319005fa299d5096f2e0715b85c86234','E06000031','2021-02','early_help','2021-02-24',2,'2','WBRI',NULL);
INSERT INTO "child_event_fact" VALUES(10,191,'c2f41e8e09961179cecb81940e8c095b','E06000031','2021-02','early_help','2021-02-24',11,'2','WBRI',NULL);
INSERT INTO "child_event_fact" VALUES(10,192,'459d3bf09203262daa45dbb37077a4f7','E06000031','2021-02','early_help','2021-02-24',11,'2','WBRI',NULL);
INSERT INTO "child_event_fact" VALUES(10,193,'2b8183a70feaf2db3fecd08d275c580b','E06000031','2021-02','referral','2021-02-24',9,'2','WBRI',NULL);
INSERT INTO "child_event_fact" VALUES(10,194,'889768aaa74dafedd1f1d8f300dbf7ee','E06000031','2021-02','contact','2021-02-24',0,'1','WBRI',NULL);
INSERT INTO "child_event_fact" VALUES(10,195,'06b4998d4333a02f1a11fa2a2f68b093','E06000031','2021-02','contact','2021-02-24',7,'2','WBRI',NULL);
INSERT INTO "child_event_fact" VALUES(10,196,'38c345a4473423cdcf2c108f68ad6d86','E06000031','2021-02','contact','2021-02-24',10,'0','WBRI',NULL);
INSERT INTO "child_event_fact" VALUES(10,197,'432df759491cf0ca1b150d93614ed8d4','E06000031','2021-02','cp_start','2021-02-24',9,'2','WBRI',NULL);
INSERT INTO "child_event_fact" VALUES(10,198,'3444d81c5af7c971334b163931e534b3','E06000031','2021-02','contact','2021-02-24',2,'2','WBRI',NULL);
INSERT INTO "child_event_fact" VALUES(10,199,'a69753eeeadeef2c1ac6cf4216bf912c','E06000031','2021-02','contact','2021-02-24',2,'2','WBRI',NULL);
INSERT INTO "child_event_fact" VALUES(10,200,'7d74638189c450a802276024894534df','E06000031','2021-02','referral','2021-02-24',13,'2','WBRI',NULL);
INSERT INTO "child_event_fact" VALUES(10,201,'c4170cf1aac39a13b46b572949a948b6','E06000031','2021-02','contact','2021-02-24',10,'2','WBRI',NULL);
INSERT INTO "child_event_fact" VALUES(10,202,'475bc75b2da619380c72e4972fbc383c','E06000031','2021-02','assessment','2021-02-24',5,'2','WBRI','17A,19B');
INSERT INTO "child_event_fact" VALUES(10,203,'9d994e74ee180ffc1b095fc95770bdb1','E06000031','2021-02','referral','2021-02-24',6,'2','APKN',NULL);
INSERT INTO "child_event_fact" VALUES(10,204,'8d1877053bc66bf92988eed32b71317f','E06000031','2021-02','contact','2021-02-24',15,'2','WBRI',NULL);
INSERT INTO "child_event_fact" VALUES(10,205,'3a70c84e58ceecf4174a942b6025cad6','E06000031','2021-02','early_help','2021-02-25',2,'1','WBRI',NULL);
INSERT INTO "child_event_fact" VALUES(10,206,'5f7a18a9d444e5bbfc7b43f6557d5a81','E06000031','2021-02','contact','2021-02-25',14,'2','WBRI',NULL);
INSERT INTO "child_event_fact" VALUES(10,207,'dc3c247f8db165fa1c73eb4444633fd6','E06000031','2021-02','s47','2021-02-25',0,'1','APKN',NULL);
INSERT INTO "child_event_fact" VALUES(10,208,'c8ecf64934ccc776bb54419ac12eb8f1','E06000031','2021-02','contact','2021-02-25',7,'2','REFU',NULL);
INSERT INTO "child_event_fact" VALUES(10,209,'31b57f9de0700cd3db41d16f1f27852d','E06000031','2021-02','s47','2021-02-25',3,'1','WBRI',NULL);
INSERT INTO "child_event_fact" VALUES(10,210,'8c922a502a1eaafd1e1ee83b370aad57','E06000031','2021-02','early_help','2021-02-25',3,'1','WBRI',NULL);
INSERT INTO "child_event_fact" VALUES(10,211,'c8381bea6fb8c75a96ec637c29322a78','E06000031','2021-02','contact','2021-02-25',10,'2','WBRI',NULL);
INSERT INTO "child_event_fact" VALUES(10,212,'c2e288bfd7578b87593ce754494dae15','E06000031','2021-02','contact','2021-02-25',1,'2','WBRI',NULL);
INSERT INTO "child_event_fact" VALUES(10,213,'e65679679f2811b6875b3bfe62708bc3','E06000031','2021-02','assessment','2021-02-26',7,'2','WROM','13A,15A,16A,17A');
INSERT INTO "child_event_fact" VALUES(10,214,'e7e36d28fb81ec7dceb0840fe303c5fc','E06000031','2021-02','contact','2021-02-26',10,'1','APKN',NULL);
INSERT INTO "child_event_fact" VALUES(10,215,'43655cd1cf1278ac7c250dc5bf8417fc','E06000031','2021-02','referral','2021-02-26',13,'2','WBRI',NULL);
INSERT INTO "child_event_fact" VALUES(10,216,'3ae2a38a0bfebeb4b2da1cf6a52a2440','E06000031','2021-02','s47','2021-02-26',6,'2','WBRI',NULL);
INSERT INTO "child_event_fact" VALUES(10,217,'2e42ea1bf039bec1ffb52d326e730c18','E06000031','2021-02','contact','2021-02-26',4,'1','WBRI',NULL);
INSERT INTO "child_event_fact" VALUES(10,218,'1978e6faec2a7d1d5ff6216cb345f42b','E06000031','2021-02','referral','2021-02-26',4,'2','WBRI',NULL);
INSERT INTO "child_event_fact" VALUES(10,219,'3bba830693d26cd03a65fe30546f7038','E06000031','2021-02','assessment','2021-02-26',14,'1','WBRI','3B,15A');
INSERT INTO "child_event_fact" VALUES(10,220,'7d5ac95341fba52b867452667be75177','E06000031','2021-02','contact','2021-02-26',16,'1','MWBC',NULL);
INSERT INTO "child_event_fact" VALUES(10,221,'080632c8511d8232553c53c56d1dcaa8','E06000031','2021-02','early_help','2021-02-27',4,'2','MWAS',NULL);
INSERT INTO "child_event_fact" VALUES(10,222,'d8f2e22c6f13f191ea770558fa132a2a','E06000031','2021-02','contact','2021-02-27',9,'1','REFU',NULL);
INSERT INTO "child_event_fact" VALUES(10,223,'ea55452fe00919fba8c22091fc75e6fc','E06000031','2021-02','contact','2021-02-27',3,'0','WOTH',NULL);
INSERT INTO "child_event_fact" VALUES(10,224,'6001225c92e5a9eac16f5058ac4eaf6d','E06000031','2021-02','s47','2021-02-27',3,'2','WROM',NULL);
INSERT INTO "child_event_fact" VALUES(10,225,'14be8db1474650f8bc068cb53309ba3a','E06000031','2021-02','contact','2021-02-27',10,'1','APKN',NULL);
INSERT INTO "child_event_fact" VALUES(10,226,'88aeb83acb4889200bf53fc2e393941e','E06000031','2021-02','early_help','2021-02-27',13,'1','WBRI',NULL);
INSERT INTO "child_event_fact" VALUES(10,227,'efab319e1d626f1e608407e142b944ae','E06000031','2021-02','contact','2021-02-27',6,'2','WBRI',NULL);
INSERT INTO "child_event_fact" VALUES(10,228,'dca0291e88bc23005a8ce9f51f831dad','E06000031','2021-02','s47','2021-02-27',0,'2','REFU',NULL);
INSERT INTO "child_event_fact" VALUES(10,229,'3444d81c5af7c971334b163931e534b3','E06000031','2021-02','contact','2021-02-27',2,'2','WBRI',NULL);
INSERT INTO "child_event_fact" VALUES(10,230,'a69753eeeadeef2c1ac6cf4216bf912c','E06000031','2021-02','early_help','2021-02-27',2,'2','WBRI',NULL);
INSERT INTO "child_event_fact" VALUES(10,231,'c1bef3613ebdf09d9221ebfd0360637e','E06000031','2021-02','referral','2021-02-27',13,'2','WBRI',NULL);
INSERT INTO "child_event_fact" VALUES(10,232,'7edc45ecb324bf11b919c2d03a6a22d8','E06000031','2021-02','early_help','2021-02-27',7,'1','WBRI',NULL);
INSERT INTO "child_event_fact" VALUES(10,233,'87da6e324bb14f55c7e3a1d296227877','E06000031','2021-02','contact','2021-02-27',10,'1','WBRI',NULL);
INSERT INTO "child_event_fact" VALUES(10,234,'7a8acaae3a17aeb027674234ecce05d5','E06000031','2021-02','icpc','2021-02-27',10,'1','WBRI',NULL);
INSERT INTO "child_event_fact" VALUES(10,235,'18fdb33e4b1c14cb766e4e59898b95da','E06000031','2021-02','early_help','2021-02-28',8,'1','WBRI',NULL);
INSERT INTO "child_event_fact" VALUES(10,236,'924e3f16c043c536134711912307fd69','E06000031','2021-02','contact','2021-02-28',15,'1','WBRI',NULL);
INSERT INTO "child_event_fact" VALUES(10,237,'9c04010f7cff2098d731ecc6781d0f2d','E06000031','2021-02','contact','2021-02-28',10,'1','WOTH',NULL);
INSERT INTO "child_event_fact" VALUES(10,238,'951a7569c92bfe9f47bf3326a87d5881','E06000031','2021-02','early_help','2021-02-28',6,'1','WBRI',NULL);
INSERT INTO "child_event_fact" VALUES(10,239,'5abd57696558d009129ffcf197009be9','E06000031','2021-02','assessment','2021-02-28',1,'2','WOTH','2B,11A,14A,24A');
INSERT INTO "child_event_fact" VALUES(10,240,'98ddafdbba460a8b8628ecc7fb3c0940','E06000031','2021-02','early_help','2021-02-28',3,'0','WBRI',NULL);
CREATE TABLE commentary (
	id INTEGER NOT NULL, 
	agency_id VARCHAR(64) NOT NULL, 
	priority_id VARCHAR(64) NOT NULL, 
	quarter VARCHAR(16) NOT NULL, 
	worked_well TEXT, 
	improvement TEXT, 
	multi_agency TEXT, 
	escalation TEXT, 
	source VARCHAR(255) NOT NULL, 
	imported_at DATETIME NOT NULL, 
	imported_by VARCHAR(128) NOT NULL, 
	PRIMARY KEY (id), 
	UNIQUE (agency_id, priority_id, quarter), 
	FOREIGN KEY(agency_id) REFERENCES agency (id)
);
INSERT INTO "commentary" VALUES(1,'cambridgeshire-cc','neglect','2020-Q1','Joint visits.','Timeliness.','Weekly meetings.','','filled.docx','2026-12-06 05:26:21.280770','a.steward');
CREATE TABLE contractversion (
	id INTEGER NOT NULL, 
	contract_id VARCHAR(64) NOT NULL, 
	version VARCHAR(32) NOT NULL, 
	sha256 VARCHAR(64) NOT NULL, 
	first_seen DATETIME NOT NULL, 
	PRIMARY KEY (id), 
	UNIQUE (contract_id, version, sha256)
);
CREATE TABLE event (
	id INTEGER NOT NULL, 
	at DATETIME NOT NULL, 
	submission_id INTEGER, 
	kind VARCHAR(32) NOT NULL, 
	actor VARCHAR(128) NOT NULL, 
	detail TEXT, 
	PRIMARY KEY (id), 
	FOREIGN KEY(submission_id) REFERENCES submission (id)
);
INSERT INTO "event" VALUES(1,'2026-12-06 05:26:17.758078',1,'received','cli','{"bytes": 461, "filename": "2020-04.csv", "sha256": "5547f578f1447c170e346634fe3bdfbb20ecdc65081326d03e18d07a65939460", "source": "cli"}');
INSERT INTO "event" VALUES(2,'2026-12-06 05:26:17.761867',1,'validating_started','system','');
INSERT INTO "event" VALUES(3,'2026-12-06 05:26:19.803136',1,'validated','system','{"errors": 0, "outcome": "passed", "queries": 0, "run_id": 1, "status_from": "validating", "status_to": "validated"}');
INSERT INTO "event" VALUES(4,'2026-12-06 05:26:19.806124',1,'loading_started','system','');
INSERT INTO "event" VALUES(5,'2026-12-06 05:26:19.814681',1,'loaded','system','{"facts": 20, "rows_held": 0, "rows_loaded": 1, "status_from": "loading", "status_to": "loaded", "supersedes": null}');
INSERT INTO "event" VALUES(6,'2026-12-06 05:26:19.818381',2,'received','cli','{"bytes": 460, "filename": "changed-2020-04.csv", "sha256": "905676ece3c37adc46da457cf6b310648eb498b2a38e4328e921be38cb43fe12", "source": "cli"}');
INSERT INTO "event" VALUES(7,'2026-12-06 05:26:19.820011',2,'validating_started','system','');
INSERT INTO "event" VALUES(8,'2026-12-06 05:26:20.156403',2,'validated','system','{"errors": 0, "outcome": "passed", "queries": 0, "run_id": 2, "status_from": "validating", "status_to": "validated"}');
INSERT INTO "event" VALUES(9,'2026-12-06 05:26:20.158957',2,'loading_started','system','');
INSERT INTO "event" VALUES(10,'2026-12-06 05:26:20.162291',1,'superseded','system','{"status_from": "loaded", "status_to": "superseded", "superseded_by": 2}');
INSERT INTO "event" VALUES(11,'2026-12-06 05:26:20.162363',2,'loaded','system','{"facts": 20, "rows_held": 0, "rows_loaded": 1, "status_from": "loading", "status_to": "loaded", "supersedes": 1}');
INSERT INTO "event" VALUES(12,'2026-12-06 05:26:20.165679',3,'received','cli','{"bytes": 456, "filename": "p.csv", "sha256": "642ae1250f55f5ac25d5bcbdeb7b89a4044a9267baa9926515390e5bba0fb9fe", "source": "cli"}');
INSERT INTO "event" VALUES(13,'2026-12-06 05:26:20.167006',3,'validating_started','system','');
INSERT INTO "event" VALUES(14,'2026-12-06 05:26:20.313356',3,'validated','system','{"errors": 0, "outcome": "passed", "queries": 0, "run_id": 3, "status_from": "validating", "status_to": "validated"}');
INSERT INTO "event" VALUES(15,'2026-12-06 05:26:20.315845',3,'loading_started','system','');
INSERT INTO "event" VALUES(16,'2026-12-06 05:26:20.319130',3,'loaded','system','{"facts": 20, "rows_held": 0, "rows_loaded": 1, "status_from": "loading", "status_to": "loaded", "supersedes": null}');
INSERT INTO "event" VALUES(17,'2026-12-06 05:26:20.321833',4,'received','cli','{"bytes": 462, "filename": "changed-2020-05.csv", "sha256": "dad6628a2d1abf4286fbd711aad7dc03d6943a5aa3502c29cb9f0b7fd8e83464", "source": "cli"}');
INSERT INTO "event" VALUES(18,'2026-12-06 05:26:20.323226',4,'validating_started','system','');
INSERT INTO "event" VALUES(19,'2026-12-06 05:26:20.480640',4,'validation_failed','system','{"errors": 1, "queries": 1, "run_id": 4, "status_from": "validating", "status_to": "needs_review"}');
INSERT INTO "event" VALUES(20,'2026-12-06 05:26:20.484304',5,'received','cli','{"bytes": 457, "filename": "changed-2020-05.csv", "sha256": "3d31aa0147543d584819aa157a584203db530c993e9ed76c1bbaa017ddd49818", "source": "cli"}');
INSERT INTO "event" VALUES(21,'2026-12-06 05:26:20.485696',5,'validating_started','system','');
INSERT INTO "event" VALUES(22,'2026-12-06 05:26:20.638337',5,'validation_failed','system','{"errors": 1, "queries": 1, "run_id": 5, "status_from": "validating", "status_to": "needs_review"}');
INSERT INTO "event" VALUES(23,'2026-12-06 05:26:20.641836',6,'received','cli','{"bytes": 446, "filename": "2020-04.csv", "sha256": "c9415480b6e577e74dec8e688a976c78fbc088c14ac8eb9b487564002d796a4a", "source": "cli"}');
INSERT INTO "event" VALUES(24,'2026-12-06 05:26:20.643321',6,'validating_started','system','');
INSERT INTO "event" VALUES(25,'2026-12-06 05:26:20.707869',6,'validated','system','{"errors": 0, "outcome": "passed", "queries": 0, "run_id": 6, "status_from": "validating", "status_to": "validated"}');
INSERT INTO "event" VALUES(26,'2026-12-06 05:26:20.711219',6,'loading_started','system','');
INSERT INTO "event" VALUES(27,'2026-12-06 05:26:20.714694',6,'loaded','system','{"facts": 48, "rows_held": 0, "rows_loaded": 6, "status_from": "loading", "status_to": "loaded", "supersedes": null}');
INSERT INTO "event" VALUES(28,'2026-12-06 05:26:20.717081',7,'received','cli','{"bytes": 606, "filename": "2020-Q1.csv", "sha256": "cd902f5e12348ed86d4c04a28804b0c340775336df26a33e863b7776d4fc2789", "source": "cli"}');
INSERT INTO "event" VALUES(29,'2026-12-06 05:26:20.718405',7,'validating_started','system','');
INSERT INTO "event" VALUES(30,'2026-12-06 05:26:20.826628',7,'validated','system','{"errors": 0, "outcome": "passed", "queries": 0, "run_id": 7, "status_from": "validating", "status_to": "validated"}');
INSERT INTO "event" VALUES(31,'2026-12-06 05:26:20.828911',7,'loading_started','system','');
INSERT INTO "event" VALUES(32,'2026-12-06 05:26:20.832546',7,'loaded','system','{"facts": 70, "rows_held": 0, "rows_loaded": 5, "status_from": "loading", "status_to": "loaded", "supersedes": null}');
INSERT INTO "event" VALUES(33,'2026-12-06 05:26:20.834969',8,'received','cli','{"bytes": 246, "filename": "2020-Q1.csv", "sha256": "3ea380147379c38ac5a44b55707be2f02ccb4e9d543ddd2c94db7db9c80b7848", "source": "cli"}');
INSERT INTO "event" VALUES(34,'2026-12-06 05:26:20.836264',8,'validating_started','system','');
INSERT INTO "event" VALUES(35,'2026-12-06 05:26:20.925704',8,'validated','system','{"errors": 0, "outcome": "queries", "queries": 1, "run_id": 8, "status_from": "validating", "status_to": "validated"}');
INSERT INTO "event" VALUES(36,'2026-12-06 05:26:20.927761',8,'loading_started','system','');
INSERT INTO "event" VALUES(37,'2026-12-06 05:26:20.930827',8,'loaded','system','{"facts": 10, "rows_held": 0, "rows_loaded": 1, "status_from": "loading", "status_to": "loaded", "supersedes": null}');
INSERT INTO "event" VALUES(38,'2026-12-06 05:26:20.934711',9,'received','cli','{"bytes": 22443, "filename": "changed-2021-02.csv", "sha256": "1ea288b23065cc6ac2ff3549d81d28cfaf83c375cf7d8c18dc197cc553d9d934", "source": "cli"}');
INSERT INTO "event" VALUES(39,'2026-12-06 05:26:20.936057',9,'validating_started','system','');
INSERT INTO "event" VALUES(40,'2026-12-06 05:26:21.001443',9,'validated','system','{"errors": 1, "outcome": "failed", "queries": 0, "run_id": 9, "status_from": "validating", "status_to": "validated"}');
INSERT INTO "event" VALUES(41,'2026-12-06 05:26:21.003721',9,'loading_started','system','');
INSERT INTO "event" VALUES(42,'2026-12-06 05:26:21.017425',9,'rows_held','system','{"rows": 1}');
INSERT INTO "event" VALUES(43,'2026-12-06 05:26:21.017505',9,'loaded','system','{"facts": 427, "rows_held": 1, "rows_loaded": 427, "status_from": "loading", "status_to": "loaded", "supersedes": null}');
INSERT INTO "event" VALUES(44,'2026-12-06 05:26:21.020592',10,'received','cli','{"bytes": 12603, "filename": "2021-02.csv", "sha256": "f26207ccb8cad60e9be1ca34d251fda67e1c289d5e056b95eed19024391207c8", "source": "cli"}');
INSERT INTO "event" VALUES(45,'2026-12-06 05:26:21.022030',10,'validating_started','system','');
INSERT INTO "event" VALUES(46,'2026-12-06 05:26:21.075352',10,'validated','system','{"errors": 0, "outcome": "passed", "queries": 0, "run_id": 10, "status_from": "validating", "status_to": "validated"}');
INSERT INTO "event" VALUES(47,'2026-12-06 05:26:21.077639',10,'loading_started','system','');
INSERT INTO "event" VALUES(48,'2026-12-06 05:26:21.085359',10,'loaded','system','{"facts": 239, "rows_held": 0, "rows_loaded": 239, "status_from": "loading", "status_to": "loaded", "supersedes": null}');
INSERT INTO "event" VALUES(49,'2026-12-06 05:26:21.090340',4,'error_overridden','a.steward','{"reason": "confirmed by phone", "rows_failed": 1, "rule": "CSC-020", "run_id": 4}');
INSERT INTO "event" VALUES(50,'2026-12-06 05:26:21.090840',4,'validated','a.steward','{"by_override": true, "overridden": ["CSC-020"], "run_id": 4, "status_from": "needs_review", "status_to": "validated"}');
INSERT INTO "event" VALUES(51,'2026-12-06 05:26:21.094146',4,'queries_accepted','a.steward','{"queries": 1, "reason": "explained by the agency", "rules": ["CSC-102"], "run_id": 4}');
INSERT INTO "event" VALUES(52,'2026-12-06 05:26:21.182635',NULL,'user_created','admin','{"agency": null, "role": "data_steward", "username": "a.steward"}');
INSERT INTO "event" VALUES(53,'2026-12-06 05:26:21.277363',NULL,'user_created','admin','{"agency": "peterborough-cc", "role": "agency_submitter", "username": "p.submitter"}');
INSERT INTO "event" VALUES(54,'2026-12-06 05:26:21.280103',NULL,'token_created','a.steward','{"agency": "peterborough-cc", "name": "nightly export", "prefix": "sdh_UOEPIyED", "token_id": 1}');
CREATE TABLE feed_state (
	contract_id VARCHAR(64) NOT NULL, 
	agency_id VARCHAR(64) NOT NULL, 
	period_label VARCHAR(16) NOT NULL, 
	etag VARCHAR(255), 
	last_modified VARCHAR(64), 
	last_sha256 VARCHAR(64), 
	last_checked_at DATETIME, 
	last_status VARCHAR(32), 
	last_error TEXT, 
	submission_id INTEGER, 
	PRIMARY KEY (contract_id, agency_id, period_label), 
	FOREIGN KEY(submission_id) REFERENCES submission (id)
);
INSERT INTO "feed_state" VALUES('la-csc-activity','cambridgeshire-cc','2020-04','"abc"',NULL,'0000000000000000000000000000000000000000000000000000000000000000','2026-12-06 05:26:21.086277','new',NULL,1);
CREATE TABLE measure (
	id VARCHAR(64) NOT NULL, 
	label VARCHAR NOT NULL, 
	unit VARCHAR(16) NOT NULL, 
	aggregation VARCHAR(8) NOT NULL, 
	polarity VARCHAR(16) NOT NULL, 
	precision INTEGER NOT NULL, 
	numerator VARCHAR(64), 
	denominator VARCHAR(64), 
	scale FLOAT NOT NULL, 
	PRIMARY KEY (id)
);
INSERT INTO "measure" VALUES('contacts','Contacts to children''s social care','count','flow','neutral',0,NULL,NULL,1.0);
INSERT INTO "measure" VALUES('referrals','Referrals to children''s social care','count','flow','neutral',0,NULL,NULL,1.0);
INSERT INTO "measure" VALUES('re_referrals_12m','Re-referrals within 12 months','count','flow','down_good',0,NULL,NULL,1.0);
INSERT INTO "measure" VALUES('assessments_completed','Single assessments completed','count','flow','neutral',0,NULL,NULL,1.0);
INSERT INTO "measure" VALUES('assessments_within_45wd','Single assessments completed within 45 working days','count','flow','up_good',0,NULL,NULL,1.0);
INSERT INTO "measure" VALUES('s47_completed','Section 47 enquiries completed','count','flow','neutral',0,NULL,NULL,1.0);
INSERT INTO "measure" VALUES('icpc_held','Initial child protection conferences held','count','flow','neutral',0,NULL,NULL,1.0);
INSERT INTO "measure" VALUES('icpc_within_15wd','ICPCs held within 15 working days of the strategy discussion','count','flow','up_good',0,NULL,NULL,1.0);
INSERT INTO "measure" VALUES('cp_children','Children subject to a child protection plan','count','stock','neutral',0,NULL,NULL,1.0);
INSERT INTO "measure" VALUES('cp_children_neglect','Children on a CP plan - neglect','count','stock','neutral',0,NULL,NULL,1.0);
INSERT INTO "measure" VALUES('cp_children_physical','Children on a CP plan - physical abuse','count','stock','neutral',0,NULL,NULL,1.0);
INSERT INTO "measure" VALUES('cp_children_emotional','Children on a CP plan - emotional abuse','count','stock','neutral',0,NULL,NULL,1.0);
INSERT INTO "measure" VALUES('cp_children_sexual','Children on a CP plan - sexual abuse','count','stock','neutral',0,NULL,NULL,1.0);
INSERT INTO "measure" VALUES('cp_children_multiple','Children on a CP plan - multiple categories','count','stock','neutral',0,NULL,NULL,1.0);
INSERT INTO "measure" VALUES('cp_plans_started','Child protection plans started','count','flow','neutral',0,NULL,NULL,1.0);
INSERT INTO "measure" VALUES('cp_plans_second_or_subsequent','CP plans started that are a second or subsequent plan','count','flow','down_good',0,NULL,NULL,1.0);
INSERT INTO "measure" VALUES('cp_plans_open_2y_plus','Children on a CP plan for two years or more','count','stock','down_good',0,NULL,NULL,1.0);
INSERT INTO "measure" VALUES('cic_children','Children in care','count','stock','neutral',0,NULL,NULL,1.0);
INSERT INTO "measure" VALUES('eha_initiated','Early help assessments initiated','count','flow','up_good',0,NULL,NULL,1.0);
INSERT INTO "measure" VALUES('missing_episodes_la','Missing episodes of children (local authority)','count','flow','down_good',0,NULL,NULL,1.0);
INSERT INTO "measure" VALUES('re_referral_rate','Re-referrals within 12 months (% of referrals)','percent','ratio','down_good',1,'re_referrals_12m','referrals',100.0);
INSERT INTO "measure" VALUES('assessments_within_45wd_pct','Single assessments completed within 45 working days (%)','percent','ratio','up_good',1,'assessments_within_45wd','assessments_completed',100.0);
INSERT INTO "measure" VALUES('icpc_within_15wd_pct','ICPCs within 15 working days (%)','percent','ratio','up_good',1,'icpc_within_15wd','icpc_held',100.0);
INSERT INTO "measure" VALUES('s47_to_icpc_pct','Section 47 enquiries leading to an ICPC (%)','percent','ratio','neutral',1,'icpc_held','s47_completed',100.0);
INSERT INTO "measure" VALUES('cp_second_or_subsequent_pct','CP plans started that are a second or subsequent plan (%)','percent','ratio','down_good',1,'cp_plans_second_or_subsequent','cp_plans_started',100.0);
INSERT INTO "measure" VALUES('cp_open_2y_plus_pct','Children on a CP plan for two years or more (% of children on a plan)','percent','ratio','down_good',1,'cp_plans_open_2y_plus','cp_children',100.0);
INSERT INTO "measure" VALUES('cp_rate_per_10k','Children on a CP plan per 10,000 children','rate_per_10k','ratio','neutral',1,'cp_children','population_0_17',10000.0);
INSERT INTO "measure" VALUES('cic_rate_per_10k','Children in care per 10,000 children','rate_per_10k','ratio','neutral',1,'cic_children','population_0_17',10000.0);
INSERT INTO "measure" VALUES('training_l1_trained','Staff with in-date level 1 safeguarding children training','count','stock','up_good',0,NULL,NULL,1.0);
INSERT INTO "measure" VALUES('training_l1_staff','Staff required to hold level 1 training','count','stock','neutral',0,NULL,NULL,1.0);
INSERT INTO "measure" VALUES('training_l2_trained','Staff with in-date level 2 safeguarding children training','count','stock','up_good',0,NULL,NULL,1.0);
INSERT INTO "measure" VALUES('training_l2_staff','Staff required to hold level 2 training','count','stock','neutral',0,NULL,NULL,1.0);
INSERT INTO "measure" VALUES('training_l3_trained','Staff with in-date level 3 safeguarding children training','count','stock','up_good',0,NULL,NULL,1.0);
INSERT INTO "measure" VALUES('training_l3_staff','Staff required to hold level 3 training','count','stock','neutral',0,NULL,NULL,1.0);
INSERT INTO "measure" VALUES('iha_within_20wd','Initial health assessments of children in care within 20 working days','count','flow','up_good',0,NULL,NULL,1.0);
INSERT INTO "measure" VALUES('iha_due','Initial health assessments of children in care due','count','flow','neutral',0,NULL,NULL,1.0);
INSERT INTO "measure" VALUES('rha_within_timescale','Review health assessments of children in care within timescale','count','flow','up_good',0,NULL,NULL,1.0);
INSERT INTO "measure" VALUES('rha_due','Review health assessments of children in care due','count','flow','neutral',0,NULL,NULL,1.0);
INSERT INTO "measure" VALUES('ed_selfharm_u18','Emergency department attendances of under-18s for self-harm','count','flow','down_good',0,NULL,NULL,1.0);
INSERT INTO "measure" VALUES('health_referrals_to_csc','Referrals from health providers to children''s social care','count','flow','neutral',0,NULL,NULL,1.0);
INSERT INTO "measure" VALUES('gcp_assessments','Graded Care Profile (GCP2) assessments completed by health staff','count','flow','up_good',0,NULL,NULL,1.0);
INSERT INTO "measure" VALUES('sarc_referrals_children','Children referred to the Sexual Assault Referral Centre','count','flow','neutral',0,NULL,NULL,1.0);
INSERT INTO "measure" VALUES('training_l1_pct','Level 1 safeguarding children training compliance (%)','percent','ratio','up_good',1,'training_l1_trained','training_l1_staff',100.0);
INSERT INTO "measure" VALUES('training_l2_pct','Level 2 safeguarding children training compliance (%)','percent','ratio','up_good',1,'training_l2_trained','training_l2_staff',100.0);
INSERT INTO "measure" VALUES('training_l3_pct','Level 3 safeguarding children training compliance (%)','percent','ratio','up_good',1,'training_l3_trained','training_l3_staff',100.0);
INSERT INTO "measure" VALUES('iha_within_20wd_pct','Initial health assessments within 20 working days (%)','percent','ratio','up_good',1,'iha_within_20wd','iha_due',100.0);
INSERT INTO "measure" VALUES('rha_within_timescale_pct','Review health assessments within timescale (%)','percent','ratio','up_good',1,'rha_within_timescale','rha_due',100.0);
INSERT INTO "measure" VALUES('da_incidents_children_present','Domestic abuse incidents with children present','count','flow','neutral',0,NULL,NULL,1.0);
INSERT INTO "measure" VALUES('op_encompass_notifications','Operation Encompass notifications to schools','count','flow','up_good',0,NULL,NULL,1.0);
INSERT INTO "measure" VALUES('missing_episodes_police','Missing episodes of children reported to the police','count','flow','down_good',0,NULL,NULL,1.0);
INSERT INTO "measure" VALUES('children_flagged_cce','Children flagged at risk of criminal exploitation','count','stock','neutral',0,NULL,NULL,1.0);
INSERT INTO "measure" VALUES('children_flagged_cse','Children flagged at risk of sexual exploitation','count','stock','neutral',0,NULL,NULL,1.0);
INSERT INTO "measure" VALUES('nrm_referrals_children','National Referral Mechanism referrals of children','count','flow','neutral',0,NULL,NULL,1.0);
INSERT INTO "measure" VALUES('csa_offences_recorded','Child sexual abuse offences recorded','count','flow','neutral',0,NULL,NULL,1.0);
INSERT INTO "measure" VALUES('joint_s47_investigations','Joint Section 47 investigations (police and children''s social care)','count','flow','neutral',0,NULL,NULL,1.0);
INSERT INTO "measure" VALUES('op_encompass_pct','DA incidents with children present notified to schools (Operation Encompass, %)','percent','ratio','up_good',1,'op_encompass_notifications','da_incidents_children_present',100.0);
INSERT INTO "measure" VALUES('cdop_deaths_notified','Child deaths notified to CDOP','count','flow','neutral',0,NULL,NULL,1.0);
INSERT INTO "measure" VALUES('cdop_deaths_cambridgeshire','Child deaths notified - Cambridgeshire children','count','flow','neutral',0,NULL,NULL,1.0);
INSERT INTO "measure" VALUES('cdop_deaths_peterborough','Child deaths notified - Peterborough children','count','flow','neutral',0,NULL,NULL,1.0);
INSERT INTO "measure" VALUES('cdop_deaths_other_area','Child deaths notified - children living elsewhere','count','flow','neutral',0,NULL,NULL,1.0);
INSERT INTO "measure" VALUES('cdop_reviews_completed','Child death reviews completed','count','flow','neutral',0,NULL,NULL,1.0);
INSERT INTO "measure" VALUES('cdop_reviews_modifiable','Child death reviews that found modifiable factors','count','flow','neutral',0,NULL,NULL,1.0);
INSERT INTO "measure" VALUES('cdop_reviews_not_modifiable','Child death reviews that found no modifiable factors','count','flow','neutral',0,NULL,NULL,1.0);
INSERT INTO "measure" VALUES('cdop_reviews_within_6m','Child death reviews completed within 6 months of the death','count','flow','neutral',0,NULL,NULL,1.0);
INSERT INTO "measure" VALUES('cdop_reviews_6_to_12m','Child death reviews completed 6 to 12 months after the death','count','flow','neutral',0,NULL,NULL,1.0);
INSERT INTO "measure" VALUES('cdop_reviews_over_12m','Child death reviews completed more than 12 months after the death','count','flow','neutral',0,NULL,NULL,1.0);
INSERT INTO "measure" VALUES('cdop_modifiable_pct','Child death reviews that found modifiable factors (%)','percent','ratio','neutral',0,'cdop_reviews_modifiable','cdop_reviews_completed',100.0);
INSERT INTO "measure" VALUES('cdop_reviews_within_6m_pct','Child death reviews completed within 6 months (%)','percent','ratio','neutral',0,'cdop_reviews_within_6m','cdop_reviews_completed',100.0);
INSERT INTO "measure" VALUES('cdop_reviews_6_to_12m_pct','Child death reviews completed 6 to 12 months after the death (%)','percent','ratio','neutral',0,'cdop_reviews_6_to_12m','cdop_reviews_completed',100.0);
INSERT INTO "measure" VALUES('cdop_reviews_over_12m_pct','Child death reviews completed more than 12 months after the death (%)','percent','ratio','down_good',0,'cdop_reviews_over_12m','cdop_reviews_completed',100.0);
CREATE TABLE measure_fact (
	id INTEGER NOT NULL, 
	submission_id INTEGER NOT NULL, 
	measure_id VARCHAR(64) NOT NULL, 
	area_code VARCHAR(16) NOT NULL, 
	period_label VARCHAR(16) NOT NULL, 
	grain VARCHAR(8) NOT NULL, 
	period_start DATE NOT NULL, 
	period_end DATE NOT NULL, 
	dimension VARCHAR(64) NOT NULL, 
	value FLOAT NOT NULL, 
	row_number INTEGER NOT NULL, 
	PRIMARY KEY (id), 
	FOREIGN KEY(submission_id) REFERENCES submission (id)
);
INSERT INTO "measure_fact" VALUES(1,1,'contacts','E10000003','2020-04','month','2020-04-01','2020-04-30','',1664.0,2);
INSERT INTO "measure_fact" VALUES(2,1,'referrals','E10000003','2020-04','month','2020-04-01','2020-04-30','',278.0,2);
INSERT INTO "measure_fact" VALUES(3,1,'re_referrals_12m','E10000003','2020-04','month','2020-04-01','2020-04-30','',63.0,2);
INSERT INTO "measure_fact" VALUES(4,1,'assessments_completed','E10000003','2020-04','month','2020-04-01','2020-04-30','',259.0,2);
INSERT INTO "measure_fact" VALUES(5,1,'assessments_within_45wd','E10000003','2020-04','month','2020-04-01','2020-04-30','',218.0,2);
INSERT INTO "measure_fact" VALUES(6,1,'s47_completed','E10000003','2020-04','month','2020-04-01','2020-04-30','',77.0,2);
INSERT INTO "measure_fact" VALUES(7,1,'icpc_held','E10000003','2020-04','month','2020-04-01','2020-04-30','',25.0,2);
INSERT INTO "measure_fact" VALUES(8,1,'icpc_within_15wd','E10000003','2020-04','month','2020-04-01','2020-04-30','',22.0,2);
INSERT INTO "measure_fact" VALUES(9,1,'cp_children_neglect','E10000003','2020-04','month','2020-04-01','2020-04-30','',197.0,2);
INSERT INTO "measure_fact" VALUES(10,1,'cp_children_physical','E10000003','2020-04','month','2020-04-01','2020-04-30','',35.0,2);
INSERT INTO "measure_fact" VALUES(11,1,'cp_children_emotional','E10000003','2020-04','month','2020-04-01','2020-04-30','',140.0,2);
INSERT INTO "measure_fact" VALUES(12,1,'cp_children_sexual','E10000003','2020-04','month','2020-04-01','2020-04-30','',24.0,2);
INSERT INTO "measure_fact" VALUES(13,1,'cp_children_multiple','E10000003','2020-04','month','2020-04-01','2020-04-30','',43.0,2);
INSERT INTO "measure_fact" VALUES(14,1,'cp_children','E10000003','2020-04','month','2020-04-01','2020-04-30','',439.0,2);
INSERT INTO "measure_fact" VALUES(15,1,'cp_plans_started','E10000003','2020-04','month','2020-04-01','2020-04-30','',20.0,2);
INSERT INTO "measure_fact" VALUES(16,1,'cp_plans_second_or_subsequent','E10000003','2020-04','month','2020-04-01','2020-04-30','',3.0,2);
INSERT INTO "measure_fact" VALUES(17,1,'cp_plans_open_2y_plus','E10000003','2020-04','month','2020-04-01','2020-04-30','',16.0,2);
INSERT INTO "measure_fact" VALUES(18,1,'cic_children','E10000003','2020-04','month','2020-04-01','2020-04-30','',650.0,2);
INSERT INTO "measure_fact" VALUES(19,1,'eha_initiated','E10000003','2020-04','month','2020-04-01','2020-04-30','',314.0,2);
INSERT INTO "measure_fact" VALUES(20,1,'missing_episodes_la','E10000003','2020-04','month','2020-04-01','2020-04-30','',103.0,2);
INSERT INTO "measure_fact" VALUES(21,2,'contacts','E10000003','2020-04','month','2020-04-01','2020-04-30','',1664.0,2);
INSERT INTO "measure_fact" VALUES(22,2,'referrals','E10000003','2020-04','month','2020-04-01','2020-04-30','',278.0,2);
INSERT INTO "measure_fact" VALUES(23,2,'re_referrals_12m','E10000003','2020-04','month','2020-04-01','2020-04-30','',63.0,2);
INSERT INTO "measure_fact" VALUES(24,2,'assessments_completed','E10000003','2020-04','month','2020-04-01','2020-04-30','',259.0,2);
INSERT INTO "measure_fact" VALUES(25,2,'assessments_within_45wd','E10000003','2020-04','month','2020-04-01','2020-04-30','',218.0,2);
INSERT INTO "measure_fact" VALUES(26,2,'s47_completed','E10000003','2020-04','month','2020-04-01','2020-04-30','',77.0,2);
INSERT INTO "measure_fact" VALUES(27,2,'icpc_held','E10000003','2020-04','month','2020-04-01','2020-04-30','',25.0,2);
INSERT INTO "measure_fact" VALUES(28,2,'icpc_within_15wd','E10000003','2020-04','month','2020-04-01','2020-04-30','',22.0,2);
INSERT INTO "measure_fact" VALUES(29,2,'cp_children_neglect','E10000003','2020-04','month','2020-04-01','2020-04-30','',197.0,2);
INSERT INTO "measure_fact" VALUES(30,2,'cp_children_physical','E10000003','2020-04','month','2020-04-01','2020-04-30','',35.0,2);
INSERT INTO "measure_fact" VALUES(31,2,'cp_children_emotional','E10000003','2020-04','month','2020-04-01','2020-04-30','',140.0,2);
INSERT INTO "measure_fact" VALUES(32,2,'cp_children_sexual','E10000003','2020-04','month','2020-04-01','2020-04-30','',24.0,2);
INSERT INTO "measure_fact" VALUES(33,2,'cp_children_multiple','E10000003','2020-04','month','2020-04-01','2020-04-30','',43.0,2);
INSERT INTO "measure_fact" VALUES(34,2,'cp_children','E10000003','2020-04','month','2020-04-01','2020-04-30','',439.0,2);
INSERT INTO "measure_fact" VALUES(35,2,'cp_plans_started','E10000003','2020-04','month','2020-04-01','2020-04-30','',20.0,2);
INSERT INTO "measure_fact" VALUES(36,2,'cp_plans_second_or_subsequent','E10000003','2020-04','month','2020-04-01','2020-04-30','',3.0,2);
INSERT INTO "measure_fact" VALUES(37,2,'cp_plans_open_2y_plus','E10000003','2020-04','month','2020-04-01','2020-04-30','',16.0,2);
INSERT INTO "measure_fact" VALUES(38,2,'cic_children','E10000003','2020-04','month','2020-04-01','2020-04-30','',650.0,2);
INSERT INTO "measure_fact" VALUES(39,2,'eha_initiated','E10000003','2020-04','month','2020-04-01','2020-04-30','',314.0,2);
INSERT INTO "measure_fact" VALUES(40,2,'missing_episodes_la','E10000003','2020-04','month','2020-04-01','2020-04-30','',61.0,2);
INSERT INTO "measure_fact" VALUES(41,3,'contacts','E06000031','2020-04','month','2020-04-01','2020-04-30','',796.0,2);
INSERT INTO "measure_fact" VALUES(42,3,'referrals','E06000031','2020-04','month','2020-04-01','2020-04-30','',155.0,2);
INSERT INTO "measure_fact" VALUES(43,3,'re_referrals_12m','E06000031','2020-04','month','2020-04-01','2020-04-30','',33.0,2);
INSERT INTO "measure_fact" VALUES(44,3,'assessments_completed','E06000031','2020-04','month','2020-04-01','2020-04-30','',121.0,2);
INSERT INTO "measure_fact" VALUES(45,3,'assessments_within_45wd','E06000031','2020-04','month','2020-04-01','2020-04-30','',106.0,2);
INSERT INTO "measure_fact" VALUES(46,3,'s47_completed','E06000031','2020-04','month','2020-04-01','2020-04-30','',44.0,2);
INSERT INTO "measure_fact" VALUES(47,3,'icpc_held','E06000031','2020-04','month','2020-04-01','2020-04-30','',14.0,2);
INSERT INTO "measure_fact" VALUES(48,3,'icpc_within_15wd','E06000031','2020-04','month','2020-04-01','2020-04-30','',11.0,2);
INSERT INTO "measure_fact" VALUES(49,3,'cp_children_neglect','E06000031','2020-04','month','2020-04-01','2020-04-30','',120.0,2);
INSERT INTO "measure_fact" VALUES(50,3,'cp_children_physical','E06000031','2020-04','month','2020-04-01','2020-04-30','',21.0,2);
INSERT INTO "measure_fact" VALUES(51,3,'cp_children_emotional','E06000031','2020-04','month','2020-04-01','2020-04-30','',82.0,2);
INSERT INTO "measure_fact" VALUES(52,3,'cp_children_sexual','E06000031','2020-04','month','2020-04-01','2020-04-30','',12.0,2);
INSERT INTO "measure_fact" VALUES(53,3,'cp_children_multiple','E06000031','2020-04','month','2020-04-01','2020-04-30','',26.0,2);
INSERT INTO "measure_fact" VALUES(54,3,'cp_children','E06000031','2020-04','month','2020-04-01','2020-04-30','',261.0,2);
INSERT INTO "measure_fact" VALUES(55,3,'cp_plans_started','E06000031','2020-04','month','2020-04-01','2020-04-30','',11.0,2);
INSERT INTO "measure_fact" VALUES(56,3,'cp_plans_second_or_subsequent','E06000031','2020-04','month','2020-04-01','2020-04-30','',2.0,2);
INSERT INTO "measure_fact" VALUES(57,3,'cp_plans_open_2y_plus','E06000031','2020-04','month','2020-04-01','2020-04-30','',7.0,2);
INSERT INTO "measure_fact" VALUES(58,3,'cic_children','E06000031','2020-04','month','2020-04-01','2020-04-30','',358.0,2);
INSERT INTO "measure_fact" VALUES(59,3,'eha_initiated','E06000031','2020-04','month','2020-04-01','2020-04-30','',90.0,2);
INSERT INTO "measure_fact" VALUES(60,3,'missing_episodes_la','E06000031','2020-04','month','2020-04-01','2020-04-30','',58.0,2);
INSERT INTO "measure_fact" VALUES(61,6,'da_incidents_children_present','E07000008','2020-04','month','2020-04-01','2020-04-30','',51.0,2);
INSERT INTO "measure_fact" VALUES(62,6,'op_encompass_notifications','E07000008','2020-04','month','2020-04-01','2020-04-30','',40.0,2);
INSERT INTO "measure_fact" VALUES(63,6,'missing_episodes_police','E07000008','2020-04','month','2020-04-01','2020-04-30','',29.0,2);
INSERT INTO "measure_fact" VALUES(64,6,'children_flagged_cce','E07000008','2020-04','month','2020-04-01','2020-04-30','',21.0,2);
INSERT INTO "measure_fact" VALUES(65,6,'children_flagged_cse','E07000008','2020-04','month','2020-04-01','2020-04-30','',10.0,2);
INSERT INTO "measure_fact" VALUES(66,6,'nrm_referrals_children','E07000008','2020-04','month','2020-04-01','2020-04-30','',1.0,2);
INSERT INTO "measure_fact" VALUES(67,6,'csa_offences_recorded','E07000008','2020-04','month','2020-04-01','2020-04-30','',16.0,2);
INSERT INTO "measure_fact" VALUES(68,6,'joint_s47_investigations','E07000008','2020-04','month','2020-04-01','2020-04-30','',9.0,2);
INSERT INTO "measure_fact" VALUES(69,6,'da_incidents_children_present','E07000009','2020-04','month','2020-04-01','2020-04-30','',31.0,3);
INSERT INTO "measure_fact" VALUES(70,6,'op_encompass_notifications','E07000009','2020-04','month','2020-04-01','2020-04-30','',23.0,3);
INSERT INTO "measure_fact" VALUES(71,6,'missing_episodes_police','E07000009','2020-04','month','2020-04-01','2020-04-30','',13.0,3);
INSERT INTO "measure_fact" VALUES(72,6,'children_flagged_cce','E07000009','2020-04','month','2020-04-01','2020-04-30','',10.0,3);
INSERT INTO "measure_fact" VALUES(73,6,'children_flagged_cse','E07000009','2020-04','month','2020-04-01','2020-04-30','',3.0,3);
INSERT INTO "measure_fact" VALUES(74,6,'nrm_referrals_children','E07000009','2020-04','month','2020-04-01','2020-04-30','',1.0,3);
INSERT INTO "measure_fact" VALUES(75,6,'csa_offences_recorded','E07000009','2020-04','month','2020-04-01','2020-04-30','',8.0,3);
INSERT INTO "measure_fact" VALUES(76,6,'joint_s47_investigations','E07000009','2020-04','month','2020-04-01','2020-04-30','',5.0,3);
INSERT INTO "measure_fact" VALUES(77,6,'da_incidents_children_present','E07000010','2020-04','month','2020-04-01','2020-04-30','',55.0,4);
INSERT INTO "measure_fact" VALUES(78,6,'op_encompass_notifications','E07000010','2020-04','month','2020-04-01','2020-04-30','',34.0,4);
INSERT INTO "measure_fact" VALUES(79,6,'missing_episodes_police','E07000010','2020-04','month','2020-04-01','2020-04-30','',27.0,4);
INSERT INTO "measure_fact" VALUES(80,6,'children_flagged_cce','E07000010','2020-04','month','2020-04-01','2020-04-30','',20.0,4);
INSERT INTO "measure_fact" VALUES(81,6,'children_flagged_cse','E07000010','2020-04','month','2020-04-01','2020-04-30','',8.0,4);
INSERT INTO "measure_fact" VALUES(82,6,'nrm_referrals_children','E07000010','2020-04','month','2020-04-01','2020-04-30','',1.0,4);
INSERT INTO "measure_fact" VALUES(83,6,'csa_offences_recorded','E07000010','2020-04','month','2020-04-01','2020-04-30','',14.0,4);
INSERT INTO "measure_fact" VALUES(84,6,'joint_s47_investigations','E07000010','2020-04','month','2020-04-01','2020-04-30','',9.0,4);
INSERT INTO "measure_fact" VALUES(85,6,'da_incidents_children_present','E07000011','2020-04','month','2020-04-01','2020-04-30','',66.0,5);
INSERT INTO "measure_fact" VALUES(86,6,'op_encompass_notifications','E07000011','2020-04','month','2020-04-01','2020-04-30','',42.0,5);
INSERT INTO "measure_fact" VALUES(87,6,'missing_episodes_police','E07000011','2020-04','month','2020-04-01','2020-04-30','',30.0,5);
INSERT INTO "measure_fact" VALUES(88,6,'children_flagged_cce','E07000011','2020-04','month','2020-04-01','2020-04-30','',24.0,5);
INSERT INTO "measure_fact" VALUES(89,6,'children_flagged_cse','E07000011','2020-04','month','2020-04-01','2020-04-30','',9.0,5);
INSERT INTO "measure_fact" VALUES(90,6,'nrm_referrals_children','E07000011','2020-04','month','2020-04-01','2020-04-30','',1.0,5);
INSERT INTO "measure_fact" VALUES(91,6,'csa_offences_recorded','E07000011','2020-04','month','2020-04-01','2020-04-30','',20.0,5);
INSERT INTO "measure_fact" VALUES(92,6,'joint_s47_investigations','E07000011','2020-04','month','2020-04-01','2020-04-30','',10.0,5);
INSERT INTO "measure_fact" VALUES(93,6,'da_incidents_children_present','E07000012','2020-04','month','2020-04-01','2020-04-30','',46.0,6);
INSERT INTO "measure_fact" VALUES(94,6,'op_encompass_notifications','E07000012','2020-04','month','2020-04-01','2020-04-30','',36.0,6);
INSERT INTO "measure_fact" VALUES(95,6,'missing_episodes_police','E07000012','2020-04','month','2020-04-01','2020-04-30','',25.0,6);
INSERT INTO "measure_fact" VALUES(96,6,'children_flagged_cce','E07000012','2020-04','month','2020-04-01','2020-04-30','',17.0,6);
INSERT INTO "measure_fact" VALUES(97,6,'children_flagged_cse','E07000012','2020-04','month','2020-04-01','2020-04-30','',6.0,6);
INSERT INTO "measure_fact" VALUES(98,6,'nrm_referrals_children','E07000012','2020-04','month','2020-04-01','2020-04-30','',1.0,6);
INSERT INTO "measure_fact" VALUES(99,6,'csa_offences_recorded','E07000012','2020-04','month','2020-04-01','2020-04-30','',12.0,6);
INSERT INTO "measure_fact" VALUES(100,6,'joint_s47_investigations','E07000012','2020-04','month','2020-04-01','2020-04-30','',7.0,6);
INSERT INTO "measure_fact" VALUES(101,6,'da_incidents_children_present','E06000031','2020-04','month','2020-04-01','2020-04-30','',117.0,7);
INSERT INTO "measure_fact" VALUES(102,6,'op_encompass_notifications','E06000031','2020-04','month','2020-04-01','2020-04-30','',69.0,7);
INSERT INTO "measure_fact" VALUES(103,6,'missing_episodes_police','E06000031','2020-04','month','2020-04-01','2020-04-30','',63.0,7);
INSERT INTO "measure_fact" VALUES(104,6,'children_flagged_cce','E06000031','2020-04','month','2020-04-01','2020-04-30','',45.0,7);
INSERT INTO "measure_fact" VALUES(105,6,'children_flagged_cse','E06000031','2020-04','month','2020-04-01','2020-04-30','',22.0,7);
INSERT INTO "measure_fact" VALUES(106,6,'nrm_referrals_children','E06000031','2020-04','month','2020-04-01','2020-04-30','',2.0,7);
INSERT INTO "measure_fact" VALUES(107,6,'csa_offences_recorded','E06000031','2020-04','month','2020-04-01','2020-04-30','',22.0,7);
INSERT INTO "measure_fact" VALUES(108,6,'joint_s47_investigations','E06000031','2020-04','month','2020-04-01','2020-04-30','',22.0,7);
INSERT INTO "measure_fact" VALUES(109,7,'training_l1_trained','CPSCP','2020-Q1','quarter','2020-04-01','2020-06-30','CUH',9316.0,2);
INSERT INTO "measure_fact" VALUES(110,7,'training_l1_staff','CPSCP','2020-Q1','quarter','2020-04-01','2020-06-30','CUH',10727.0,2);
INSERT INTO "measure_fact" VALUES(111,7,'training_l2_trained','CPSCP','2020-Q1','quarter','2020-04-01','2020-06-30','CUH',4112.0,2);
INSERT INTO "measure_fact" VALUES(112,7,'training_l2_staff','CPSCP','2020-Q1','quarter','2020-04-01','2020-06-30','CUH',4827.0,2);
INSERT INTO "measure_fact" VALUES(113,7,'training_l3_trained','CPSCP','2020-Q1','quarter','2020-04-01','2020-06-30','CUH',1028.0,2);
INSERT INTO "measure_fact" VALUES(114,7,'training_l3_staff','CPSCP','2020-Q1','quarter','2020-04-01','2020-06-30','CUH',1287.0,2);
INSERT INTO "measure_fact" VALUES(115,7,'iha_within_20wd','CPSCP','2020-Q1','quarter','2020-04-01','2020-06-30','CUH',0.0,2);
INSERT INTO "measure_fact" VALUES(116,7,'iha_due','CPSCP','2020-Q1','quarter','2020-04-01','2020-06-30','CUH',0.0,2);
INSERT INTO "measure_fact" VALUES(117,7,'rha_within_timescale','CPSCP','2020-Q1','quarter','2020-04-01','2020-06-30','CUH',0.0,2);
INSERT INTO "measure_fact" VALUES(118,7,'rha_due','CPSCP','2020-Q1','quarter','2020-04-01','2020-06-30','CUH',0.0,2);
INSERT INTO "measure_fact" VALUES(119,7,'ed_selfharm_u18','CPSCP','2020-Q1','quarter','2020-04-01','2020-06-30','CUH',81.0,2);
INSERT INTO "measure_fact" VALUES(120,7,'health_referrals_to_csc','CPSCP','2020-Q1','quarter','2020-04-01','2020-06-30','CUH',290.0,2);
INSERT INTO "measure_fact" VALUES(121,7,'gcp_assessments','CPSCP','2020-Q1','quarter','2020-04-01','2020-06-30','CUH',4.0,2);
INSERT INTO "measure_fact" VALUES(122,7,'sarc_referrals_children','CPSCP','2020-Q1','quarter','2020-04-01','2020-06-30','CUH',9.0,2);
INSERT INTO "measure_fact" VALUES(123,7,'training_l1_trained','CPSCP','2020-Q1','quarter','2020-04-01','2020-06-30','NWAFT',5671.0,3);
INSERT INTO "measure_fact" VALUES(124,7,'training_l1_staff','CPSCP','2020-Q1','quarter','2020-04-01','2020-06-30','NWAFT',6412.0,3);
INSERT INTO "measure_fact" VALUES(125,7,'training_l2_trained','CPSCP','2020-Q1','quarter','2020-04-01','2020-06-30','NWAFT',2738.0,3);
INSERT INTO "measure_fact" VALUES(126,7,'training_l2_staff','CPSCP','2020-Q1','quarter','2020-04-01','2020-06-30','NWAFT',3206.0,3);
INSERT INTO "measure_fact" VALUES(127,7,'training_l3_trained','CPSCP','2020-Q1','quarter','2020-04-01','2020-06-30','NWAFT',715.0,3);
INSERT INTO "measure_fact" VALUES(128,7,'training_l3_staff','CPSCP','2020-Q1','quarter','2020-04-01','2020-06-30','NWAFT',898.0,3);
INSERT INTO "measure_fact" VALUES(129,7,'iha_within_20wd','CPSCP','2020-Q1','quarter','2020-04-01','2020-06-30','NWAFT',0.0,3);
INSERT INTO "measure_fact" VALUES(130,7,'iha_due','CPSCP','2020-Q1','quarter','2020-04-01','2020-06-30','NWAFT',0.0,3);
INSERT INTO "measure_fact" VALUES(131,7,'rha_within_timescale','CPSCP','2020-Q1','quarter','2020-04-01','2020-06-30','NWAFT',0.0,3);
INSERT INTO "measure_fact" VALUES(132,7,'rha_due','CPSCP','2020-Q1','quarter','2020-04-01','2020-06-30','NWAFT',0.0,3);
INSERT INTO "measure_fact" VALUES(133,7,'ed_selfharm_u18','CPSCP','2020-Q1','quarter','2020-04-01','2020-06-30','NWAFT',62.0,3);
INSERT INTO "measure_fact" VALUES(134,7,'health_referrals_to_csc','CPSCP','2020-Q1','quarter','2020-04-01','2020-06-30','NWAFT',253.0,3);
INSERT INTO "measure_fact" VALUES(135,7,'gcp_assessments','CPSCP','2020-Q1','quarter','2020-04-01','2020-06-30','NWAFT',3.0,3);
INSERT INTO "measure_fact" VALUES(136,7,'sarc_referrals_children','CPSCP','2020-Q1','quarter','2020-04-01','2020-06-30','NWAFT',3.0,3);
INSERT INTO "measure_fact" VALUES(137,7,'training_l1_trained','CPSCP','2020-Q1','quarter','2020-04-01','2020-06-30','CPFT',3628.0,4);
INSERT INTO "measure_fact" VALUES(138,7,'training_l1_staff','CPSCP','2020-Q1','quarter','2020-04-01','2020-06-30','CPFT',4213.0,4);
INSERT INTO "measure_fact" VALUES(139,7,'training_l2_trained','CPSCP','2020-Q1','quarter','2020-04-01','2020-06-30','CPFT',1992.0,4);
INSERT INTO "measure_fact" VALUES(140,7,'training_l2_staff','CPSCP','2020-Q1','quarter','2020-04-01','2020-06-30','CPFT',2317.0,4);
INSERT INTO "measure_fact" VALUES(141,7,'training_l3_trained','CPSCP','2020-Q1','quarter','2020-04-01','2020-06-30','CPFT',1019.0,4);
INSERT INTO "measure_fact" VALUES(142,7,'training_l3_staff','CPSCP','2020-Q1','quarter','2020-04-01','2020-06-30','CPFT',1264.0,4);
INSERT INTO "measure_fact" VALUES(143,7,'iha_within_20wd','CPSCP','2020-Q1','quarter','2020-04-01','2020-06-30','CPFT',42.0,4);
INSERT INTO "measure_fact" VALUES(144,7,'iha_due','CPSCP','2020-Q1','quarter','2020-04-01','2020-06-30','CPFT',55.0,4);
INSERT INTO "measure_fact" VALUES(145,7,'rha_within_timescale','CPSCP','2020-Q1','quarter','2020-04-01','2020-06-30','CPFT',131.0,4);
INSERT INTO "measure_fact" VALUES(146,7,'rha_due','CPSCP','2020-Q1','quarter','2020-04-01','2020-06-30','CPFT',150.0,4);
INSERT INTO "measure_fact" VALUES(147,7,'ed_selfharm_u18','CPSCP','2020-Q1','quarter','2020-04-01','2020-06-30','CPFT',0.0,4);
INSERT INTO "measure_fact" VALUES(148,7,'health_referrals_to_csc','CPSCP','2020-Q1','quarter','2020-04-01','2020-06-30','CPFT',135.0,4);
INSERT INTO "measure_fact" VALUES(149,7,'gcp_assessments','CPSCP','2020-Q1','quarter','2020-04-01','2020-06-30','CPFT',10.0,4);
INSERT INTO "measure_fact" VALUES(150,7,'sarc_referrals_children','CPSCP','2020-Q1','quarter','2020-04-01','2020-06-30','CPFT',3.0,4);
INSERT INTO "measure_fact" VALUES(151,7,'training_l1_trained','CPSCP','2020-Q1','quarter','2020-04-01','2020-06-30','CCS',1604.0,5);
INSERT INTO "measure_fact" VALUES(152,7,'training_l1_staff','CPSCP','2020-Q1','quarter','2020-04-01','2020-06-30','CCS',1906.0,5);
INSERT INTO "measure_fact" VALUES(153,7,'training_l2_trained','CPSCP','2020-Q1','quarter','2020-04-01','2020-06-30','CCS',943.0,5);
INSERT INTO "measure_fact" VALUES(154,7,'training_l2_staff','CPSCP','2020-Q1','quarter','2020-04-01','2020-06-30','CCS',1144.0,5);
INSERT INTO "measure_fact" VALUES(155,7,'training_l3_trained','CPSCP','2020-Q1','quarter','2020-04-01','2020-06-30','CCS',702.0,5);
INSERT INTO "measure_fact" VALUES(156,7,'training_l3_staff','CPSCP','2020-Q1','quarter','2020-04-01','2020-06-30','CCS',858.0,5);
INSERT INTO "measure_fact" VALUES(157,7,'iha_within_20wd','CPSCP','2020-Q1','quarter','2020-04-01','2020-06-30','CCS',22.0,5);
INSERT INTO "measure_fact" VALUES(158,7,'iha_due','CPSCP','2020-Q1','quarter','2020-04-01','2020-06-30','CCS',32.0,5);
INSERT INTO "measure_fact" VALUES(159,7,'rha_within_timescale','CPSCP','2020-Q1','quarter','2020-04-01','2020-06-30','CCS',78.0,5);
INSERT INTO "measure_fact" VALUES(160,7,'rha_due','CPSCP','2020-Q1','quarter','2020-04-01','2020-06-30','CCS',93.0,5);
INSERT INTO "measure_fact" VALUES(161,7,'ed_selfharm_u18','CPSCP','2020-Q1','quarter','2020-04-01','2020-06-30','CCS',0.0,5);
INSERT INTO "measure_fact" VALUES(162,7,'health_referrals_to_csc','CPSCP','2020-Q1','quarter','2020-04-01','2020-06-30','CCS',138.0,5);
INSERT INTO "measure_fact" VALUES(163,7,'gcp_assessments','CPSCP','2020-Q1','quarter','2020-04-01','2020-06-30','CCS',47.0,5);
INSERT INTO "measure_fact" VALUES(164,7,'sarc_referrals_children','CPSCP','2020-Q1','quarter','2020-04-01','2020-06-30','CCS',1.0,5);
INSERT INTO "measure_fact" VALUES(165,7,'training_l1_trained','CPSCP','2020-Q1','quarter','2020-04-01','2020-06-30','EEAST',1125.0,6);
INSERT INTO "measure_fact" VALUES(166,7,'training_l1_staff','CPSCP','2020-Q1','quarter','2020-04-01','2020-06-30','EEAST',1311.0,6);
INSERT INTO "measure_fact" VALUES(167,7,'training_l2_trained','CPSCP','2020-Q1','quarter','2020-04-01','2020-06-30','EEAST',431.0,6);
INSERT INTO "measure_fact" VALUES(168,7,'training_l2_staff','CPSCP','2020-Q1','quarter','2020-04-01','2020-06-30','EEAST',524.0,6);
INSERT INTO "measure_fact" VALUES(169,7,'training_l3_trained','CPSCP','2020-Q1','quarter','2020-04-01','2020-06-30','EEAST',54.0,6);
INSERT INTO "measure_fact" VALUES(170,7,'training_l3_staff','CPSCP','2020-Q1','quarter','2020-04-01','2020-06-30','EEAST',66.0,6);
INSERT INTO "measure_fact" VALUES(171,7,'iha_within_20wd','CPSCP','2020-Q1','quarter','2020-04-01','2020-06-30','EEAST',0.0,6);
INSERT INTO "measure_fact" VALUES(172,7,'iha_due','CPSCP','2020-Q1','quarter','2020-04-01','2020-06-30','EEAST',0.0,6);
INSERT INTO "measure_fact" VALUES(173,7,'rha_within_timescale','CPSCP','2020-Q1','quarter','2020-04-01','2020-06-30','EEAST',0.0,6);
INSERT INTO "measure_fact" VALUES(174,7,'rha_due','CPSCP','2020-Q1','quarter','2020-04-01','2020-06-30','EEAST',0.0,6);
INSERT INTO "measure_fact" VALUES(175,7,'ed_selfharm_u18','CPSCP','2020-Q1','quarter','2020-04-01','2020-06-30','EEAST',0.0,6);
INSERT INTO "measure_fact" VALUES(176,7,'health_referrals_to_csc','CPSCP','2020-Q1','quarter','2020-04-01','2020-06-30','EEAST',197.0,6);
INSERT INTO "measure_fact" VALUES(177,7,'gcp_assessments','CPSCP','2020-Q1','quarter','2020-04-01','2020-06-30','EEAST',0.0,6);
INSERT INTO "measure_fact" VALUES(178,7,'sarc_referrals_children','CPSCP','2020-Q1','quarter','2020-04-01','2020-06-30','EEAST',0.0,6);
INSERT INTO "measure_fact" VALUES(179,8,'cdop_deaths_notified','CPSCP','2020-Q1','quarter','2020-04-01','2020-06-30','',9.0,2);
INSERT INTO "measure_fact" VALUES(180,8,'cdop_deaths_cambridgeshire','CPSCP','2020-Q1','quarter','2020-04-01','2020-06-30','',6.0,2);
INSERT INTO "measure_fact" VALUES(181,8,'cdop_deaths_peterborough','CPSCP','2020-Q1','quarter','2020-04-01','2020-06-30','',2.0,2);
INSERT INTO "measure_fact" VALUES(182,8,'cdop_deaths_other_area','CPSCP','2020-Q1','quarter','2020-04-01','2020-06-30','',0.0,2);
INSERT INTO "measure_fact" VALUES(183,8,'cdop_reviews_completed','CPSCP','2020-Q1','quarter','2020-04-01','2020-06-30','',9.0,2);
INSERT INTO "measure_fact" VALUES(184,8,'cdop_reviews_modifiable','CPSCP','2020-Q1','quarter','2020-04-01','2020-06-30','',1.0,2);
INSERT INTO "measure_fact" VALUES(185,8,'cdop_reviews_not_modifiable','CPSCP','2020-Q1','quarter','2020-04-01','2020-06-30','',8.0,2);
INSERT INTO "measure_fact" VALUES(186,8,'cdop_reviews_within_6m','CPSCP','2020-Q1','quarter','2020-04-01','2020-06-30','',2.0,2);
INSERT INTO "measure_fact" VALUES(187,8,'cdop_reviews_6_to_12m','CPSCP','2020-Q1','quarter','2020-04-01','2020-06-30','',5.0,2);
INSERT INTO "measure_fact" VALUES(188,8,'cdop_reviews_over_12m','CPSCP','2020-Q1','quarter','2020-04-01','2020-06-30','',2.0,2);
CREATE TABLE notification (
	id INTEGER NOT NULL, 
	event_id INTEGER NOT NULL, 
	agency_id VARCHAR(64), 
	channel VARCHAR(16) NOT NULL, 
	recipient VARCHAR(512) NOT NULL, 
	status VARCHAR(16) NOT NULL, 
	attempts INTEGER NOT NULL, 
	last_error TEXT, 
	created_at DATETIME NOT NULL, 
	next_attempt_at DATETIME NOT NULL, 
	claimed_at DATETIME, 
	sent_at DATETIME, 
	PRIMARY KEY (id), 
	CONSTRAINT uq_notification_once UNIQUE (event_id, channel, recipient), 
	FOREIGN KEY(event_id) REFERENCES event (id)
);
INSERT INTO "notification" VALUES(1,19,'cambridgeshire-cc','email','csc-performance@cambridgeshire.example','pending',0,NULL,'2026-12-06 05:26:21.287469','2026-12-06 05:26:21.287478',NULL,NULL);
INSERT INTO "notification" VALUES(2,19,'cambridgeshire-cc','email','data-returns@cambridgeshire.example','pending',0,NULL,'2026-12-06 05:26:21.287577','2026-12-06 05:26:21.287583',NULL,NULL);
INSERT INTO "notification" VALUES(3,22,'peterborough-cc','email','csc-performance@peterborough.example','pending',0,NULL,'2026-12-06 05:26:21.289491','2026-12-06 05:26:21.289500',NULL,NULL);
CREATE TABLE pack_build (
	quarter VARCHAR(16) NOT NULL, 
	pack VARCHAR(160) NOT NULL, 
	requested_at DATETIME, 
	built_at DATETIME, 
	inputs_sha256 VARCHAR(64), 
	path VARCHAR(255), 
	PRIMARY KEY (quarter, pack)
);
INSERT INTO "pack_build" VALUES('2020-Q1','','2026-12-06 05:26:21.086277','2026-12-06 05:26:21.086277',NULL,NULL);
CREATE TABLE period (
	label VARCHAR(16) NOT NULL, 
	grain VARCHAR(8) NOT NULL, 
	start DATE NOT NULL, 
	"end" DATE NOT NULL, 
	fy_start_year INTEGER NOT NULL, 
	PRIMARY KEY (label)
);
INSERT INTO "period" VALUES('2020-04','month','2020-04-01','2020-04-30',2020);
INSERT INTO "period" VALUES('2020-Q1','quarter','2020-04-01','2020-06-30',2020);
INSERT INTO "period" VALUES('2021-02','month','2021-02-01','2021-02-28',2020);
CREATE TABLE query_explanation (
	id INTEGER NOT NULL, 
	submission_id INTEGER NOT NULL, 
	run_id INTEGER NOT NULL, 
	queries INTEGER NOT NULL, 
	explained_by VARCHAR(128) NOT NULL, 
	reason TEXT NOT NULL, 
	explained_at DATETIME NOT NULL, 
	PRIMARY KEY (id), 
	FOREIGN KEY(submission_id) REFERENCES submission (id), 
	UNIQUE (run_id), 
	FOREIGN KEY(run_id) REFERENCES validationrun (id)
);
INSERT INTO "query_explanation" VALUES(1,4,4,1,'a.steward','explained by the agency','2026-12-06 05:26:21.094052');
CREATE TABLE rowhold (
	id INTEGER NOT NULL, 
	submission_id INTEGER NOT NULL, 
	row_number INTEGER NOT NULL, 
	reason TEXT, 
	PRIMARY KEY (id), 
	FOREIGN KEY(submission_id) REFERENCES submission (id)
);
INSERT INTO "rowhold" VALUES(1,9,5,'EPI-002: Event must be one of contact, referral, assessment, s47, icpc, cp_start, cp_end, care_start, care_end or early_help.');
CREATE TABLE rowissue (
	id INTEGER NOT NULL, 
	run_id INTEGER NOT NULL, 
	rule_code VARCHAR(64) NOT NULL, 
	severity VARCHAR(8) NOT NULL, 
	row_number INTEGER, 
	column_name VARCHAR(128), 
	column_letter VARCHAR(4), 
	value VARCHAR(255), 
	message TEXT, 
	PRIMARY KEY (id), 
	FOREIGN KEY(run_id) REFERENCES validationrun (id)
);
INSERT INTO "rowissue" VALUES(1,4,'CSC-020','error',2,'referrals','D','1918 > contacts 1917','Referrals cannot exceed contacts in the same month.');
INSERT INTO "rowissue" VALUES(2,4,'CSC-102','query',2,'referrals','D','1918','Referrals moved by more than half from last month; explain the change. (278 last period, 1918 now: +590%)');
INSERT INTO "rowissue" VALUES(3,5,'CSC-020','error',2,'referrals','D','976 > contacts 975','Referrals cannot exceed contacts in the same month.');
INSERT INTO "rowissue" VALUES(4,5,'CSC-102','query',2,'referrals','D','976','Referrals moved by more than half from last month; explain the change. (155 last period, 976 now: +530%)');
INSERT INTO "rowissue" VALUES(5,8,'CDOP-101','query',2,'deaths_notified_total','C','9 ≠ 8 (deaths_cambridgeshire + deaths_peterborough + deaths_other_area)','Deaths notified by area (Cambridgeshire, Peterborough, elsewhere) do not add up to the deaths notified; explain the difference or correct the figures.');
INSERT INTO "rowissue" VALUES(6,9,'EPI-002','error',5,'event_type','C','visit','Event must be one of contact, referral, assessment, s47, icpc, cp_start, cp_end, care_start, care_end or early_help.');
CREATE TABLE rule_override (
	id INTEGER NOT NULL, 
	submission_id INTEGER NOT NULL, 
	run_id INTEGER NOT NULL, 
	rule_code VARCHAR(64) NOT NULL, 
	rows_failed INTEGER NOT NULL, 
	overridden_by VARCHAR(128) NOT NULL, 
	reason TEXT NOT NULL, 
	overridden_at DATETIME NOT NULL, 
	PRIMARY KEY (id), 
	CONSTRAINT uq_rule_override_once UNIQUE (run_id, rule_code), 
	FOREIGN KEY(submission_id) REFERENCES submission (id), 
	FOREIGN KEY(run_id) REFERENCES validationrun (id)
);
INSERT INTO "rule_override" VALUES(1,4,4,'CSC-020',1,'a.steward','confirmed by phone','2026-12-06 05:26:21.089577');
CREATE TABLE ruleresult (
	id INTEGER NOT NULL, 
	run_id INTEGER NOT NULL, 
	rule_code VARCHAR(64) NOT NULL, 
	kind VARCHAR(32) NOT NULL, 
	severity VARCHAR(8) NOT NULL, 
	scope VARCHAR(8) NOT NULL, 
	message TEXT, 
	columns VARCHAR(512) NOT NULL, 
	checked BOOLEAN NOT NULL, 
	rows_failed INTEGER NOT NULL, 
	PRIMARY KEY (id), 
	FOREIGN KEY(run_id) REFERENCES validationrun (id)
);
INSERT INTO "ruleresult" VALUES(1,1,'type.area_code','type','error','item','Local authority area (ONS code) must be text','area_code',1,0);
INSERT INTO "ruleresult" VALUES(2,1,'required.area_code','required','error','item','Local authority area (ONS code) must be filled in','area_code',1,0);
INSERT INTO "ruleresult" VALUES(3,1,'pattern.area_code','pattern','error','item','Local authority area (ONS code) is not in the expected form','area_code',1,0);
INSERT INTO "ruleresult" VALUES(4,1,'type.month','type','error','item','Reporting month (YYYY-MM) must be text','month',1,0);
INSERT INTO "ruleresult" VALUES(5,1,'required.month','required','error','item','Reporting month (YYYY-MM) must be filled in','month',1,0);
INSERT INTO "ruleresult" VALUES(6,1,'pattern.month','pattern','error','item','Reporting month (YYYY-MM) is not in the expected form','month',1,0);
INSERT INTO "ruleresult" VALUES(7,1,'type.contacts','type','error','item','Contacts to children''s social care must be a whole number','contacts',1,0);
INSERT INTO "ruleresult" VALUES(8,1,'required.contacts','required','error','item','Contacts to children''s social care must be filled in','contacts',1,0);
INSERT INTO "ruleresult" VALUES(9,1,'range.contacts','range','error','item','Contacts to children''s social care must be between 0 and 50000','contacts',1,0);
INSERT INTO "ruleresult" VALUES(10,1,'CSC-101','change_from_previous','query','return','Contacts moved by more than half from last month; explain the change.','contacts',1,0);
INSERT INTO "ruleresult" VALUES(11,1,'type.referrals','type','error','item','Referrals to children''s social care must be a whole number','referrals',1,0);
INSERT INTO "ruleresult" VALUES(12,1,'required.referrals','required','error','item','Referrals to children''s social care must be filled in','referrals',1,0);
INSERT INTO "ruleresult" VALUES(13,1,'range.referrals','range','error','item','Referrals to children''s social care must be between 0 and 20000','referrals',1,0);
INSERT INTO "ruleresult" VALUES(14,1,'CSC-020','not_above','error','record','Referrals cannot exceed contacts in the same month.','referrals,contacts',1,0);
INSERT INTO "ruleresult" VALUES(15,1,'CSC-102','change_from_previous','query','return','Referrals moved by more than half from last month; explain the change.','referrals',1,0);
INSERT INTO "ruleresult" VALUES(16,1,'type.re_referrals_12m','type','error','item','Re-referrals within 12 months of a previous referral must be a whole number','re_referrals_12m',1,0);
INSERT INTO "ruleresult" VALUES(17,1,'required.re_referrals_12m','required','error','item','Re-referrals within 12 months of a previous referral must be filled in','re_referrals_12m',1,0);
INSERT INTO "ruleresult" VALUES(18,1,'range.re_referrals_12m','range','error','item','Re-referrals within 12 months of a previous referral must be between 0 and 20000','re_referrals_12m',1,0);
INSERT INTO "ruleresult" VALUES(19,1,'CSC-021','not_above','error','record','Re-referrals are a subset of referrals and cannot exceed them.','re_referrals_12m,referrals',1,0);
INSERT INTO "ruleresult" VALUES(20,1,'type.assessments_completed','type','error','item','Single assessments completed must be a whole number','assessments_completed',1,0);
INSERT INTO "ruleresult" VALUES(21,1,'required.assessments_completed','required','error','item','Single assessments completed must be filled in','assessments_completed',1,0);
INSERT INTO "ruleresult" VALUES(22,1,'range.assessments_completed','range','error','item','Single assessments completed must be between 0 and 20000','assessments_completed',1,0);
INSERT INTO "ruleresult" VALUES(23,1,'type.assessments_within_45wd','type','error','item','Single assessments completed within 45 working days must be a whole number','assessments_within_45wd',1,0);
INSERT INTO "ruleresult" VALUES(24,1,'required.assessments_within_45wd','required','error','item','Single assessments completed within 45 working days must be filled in','assessments_within_45wd',1,0);
INSERT INTO "ruleresult" VALUES(25,1,'range.assessments_within_45wd','range','error','item','Single assessments completed within 45 working days must be between 0 and 20000','assessments_within_45wd',1,0);
INSERT INTO "ruleresult" VALUES(26,1,'CSC-022','not_above','error','record','Assessments within 45 working days cannot exceed assessments completed.','assessments_within_45wd,assessments_completed',1,0);
INSERT INTO "ruleresult" VALUES(27,1,'type.s47_completed','type','error','item','Section 47 enquiries completed must be a whole number','s47_completed',1,0);
INSERT INTO "ruleresult" VALUES(28,1,'required.s47_completed','required','error','item','Section 47 enquiries completed must be filled in','s47_completed',1,0);
INSERT INTO "ruleresult" VALUES(29,1,'range.s47_completed','range','error','item','Section 47 enquiries completed must be between 0 and 10000','s47_completed',1,0);
INSERT INTO "ruleresult" VALUES(30,1,'type.icpc_held','type','error','item','Initial child protection conferences held must be a whole number','icpc_held',1,0);
INSERT INTO "ruleresult" VALUES(31,1,'required.icpc_held','required','error','item','Initial child protection conferences held must be filled in','icpc_held',1,0);
INSERT INTO "ruleresult" VALUES(32,1,'range.icpc_held','range','error','item','Initial child protection conferences held must be between 0 and 5000','icpc_held',1,0);
INSERT INTO "ruleresult" VALUES(33,1,'CSC-023','not_above','query','record','More ICPCs than completed Section 47 enquiries this month is unusual; explain it.','icpc_held,s47_completed',1,0);
INSERT INTO "ruleresult" VALUES(34,1,'type.icpc_within_15wd','type','error','item','ICPCs held within 15 working days of the strategy discussion must be a whole number','icpc_within_15wd',1,0);
INSERT INTO "ruleresult" VALUES(35,1,'required.icpc_within_15wd','required','error','item','ICPCs held within 15 working days of the strategy discussion must be filled in','icpc_within_15wd',1,0);
INSERT INTO "ruleresult" VALUES(36,1,'range.icpc_within_15wd','range','error','item','ICPCs held within 15 working days of the strategy discussion must be between 0 and 5000','icpc_within_15wd',1,0);
INSERT INTO "ruleresult" VALUES(37,1,'CSC-024','not_above','error','record','ICPCs within 15 working days cannot exceed ICPCs held.','icpc_within_15wd,icpc_held',1,0);
INSERT INTO "ruleresult" VALUES(38,1,'type.cp_children_neglect','type','error','item','Children on a CP plan at month end - neglect must be a whole number','cp_children_neglect',1,0);
INSERT INTO "ruleresult" VALUES(39,1,'required.cp_children_neglect','required','error','item','Children on a CP plan at month end - neglect must be filled in','cp_children_neglect',1,0);
INSERT INTO "ruleresult" VALUES(40,1,'range.cp_children_neglect','range','error','item','Children on a CP plan at month end - neglect must be between 0 and 5000','cp_children_neglect',1,0);
INSERT INTO "ruleresult" VALUES(41,1,'type.cp_children_physical','type','error','item','Children on a CP plan at month end - physical abuse must be a whole number','cp_children_physical',1,0);
INSERT INTO "ruleresult" VALUES(42,1,'required.cp_children_physical','required','error','item','Children on a CP plan at month end - physical abuse must be filled in','cp_children_physical',1,0);
INSERT INTO "ruleresult" VALUES(43,1,'range.cp_children_physical','range','error','item','Children on a CP plan at month end - physical abuse must be between 0 and 5000','cp_children_physical',1,0);
INSERT INTO "ruleresult" VALUES(44,1,'type.cp_children_emotional','type','error','item','Children on a CP plan at month end - emotional abuse must be a whole number','cp_children_emotional',1,0);
INSERT INTO "ruleresult" VALUES(45,1,'required.cp_children_emotional','required','error','item','Children on a CP plan at month end - emotional abuse must be filled in','cp_children_emotional',1,0);
INSERT INTO "ruleresult" VALUES(46,1,'range.cp_children_emotional','range','error','item','Children on a CP plan at month end - emotional abuse must be between 0 and 5000','cp_children_emotional',1,0);
INSERT INTO "ruleresult" VALUES(47,1,'type.cp_children_sexual','type','error','item','Children on a CP plan at month end - sexual abuse must be a whole number','cp_children_sexual',1,0);
INSERT INTO "ruleresult" VALUES(48,1,'required.cp_children_sexual','required','error','item','Children on a CP plan at month end - sexual abuse must be filled in','cp_children_sexual',1,0);
INSERT INTO "ruleresult" VALUES(49,1,'range.cp_children_sexual','range','error','item','Children on a CP plan at month end - sexual abuse must be between 0 and 5000','cp_children_sexual',1,0);
INSERT INTO "ruleresult" VALUES(50,1,'type.cp_children_multiple','type','error','item','Children on a CP plan at month end - multiple categories must be a whole number','cp_children_multiple',1,0);
INSERT INTO "ruleresult" VALUES(51,1,'required.cp_children_multiple','required','error','item','Children on a CP plan at month end - multiple categories must be filled in','cp_children_multiple',1,0);
INSERT INTO "ruleresult" VALUES(52,1,'range.cp_children_multiple','range','error','item','Children on a CP plan at month end - multiple categories must be between 0 and 5000','cp_children_multiple',1,0);
INSERT INTO "ruleresult" VALUES(53,1,'type.cp_children_total','type','error','item','Children on a child protection plan at month end must be a whole number','cp_children_total',1,0);
INSERT INTO "ruleresult" VALUES(54,1,'required.cp_children_total','required','error','item','Children on a child protection plan at month end must be filled in','cp_children_total',1,0);
INSERT INTO "ruleresult" VALUES(55,1,'range.cp_children_total','range','error','item','Children on a child protection plan at month end must be between 0 and 10000','cp_children_total',1,0);
INSERT INTO "ruleresult" VALUES(56,1,'CSC-103','change_from_previous','query','return','Children on a CP plan moved by more than a quarter in a month; explain the change.','cp_children_total',1,0);
INSERT INTO "ruleresult" VALUES(57,1,'type.cp_plans_started','type','error','item','Child protection plans started must be a whole number','cp_plans_started',1,0);
INSERT INTO "ruleresult" VALUES(58,1,'required.cp_plans_started','required','error','item','Child protection plans started must be filled in','cp_plans_started',1,0);
INSERT INTO "ruleresult" VALUES(59,1,'range.cp_plans_started','range','error','item','Child protection plans started must be between 0 and 2000','cp_plans_started',1,0);
INSERT INTO "ruleresult" VALUES(60,1,'type.cp_plans_second_or_subsequent','type','error','item','CP plans started that are a second or subsequent plan must be a whole number','cp_plans_second_or_subsequent',1,0);
INSERT INTO "ruleresult" VALUES(61,1,'required.cp_plans_second_or_subsequent','required','error','item','CP plans started that are a second or subsequent plan must be filled in','cp_plans_second_or_subsequent',1,0);
INSERT INTO "ruleresult" VALUES(62,1,'range.cp_plans_second_or_subsequent','range','error','item','CP plans started that are a second or subsequent plan must be between 0 and 2000','cp_plans_second_or_subsequent',1,0);
INSERT INTO "ruleresult" VALUES(63,1,'CSC-025','not_above','error','record','Second or subsequent plans cannot exceed plans started.','cp_plans_second_or_subsequent,cp_plans_started',1,0);
INSERT INTO "ruleresult" VALUES(64,1,'type.cp_plans_open_2y_plus','type','error','item','Children on a CP plan for two years or more at month end must be a whole number','cp_plans_open_2y_plus',1,0);
INSERT INTO "ruleresult" VALUES(65,1,'required.cp_plans_open_2y_plus','required','error','item','Children on a CP plan for two years or more at month end must be filled in','cp_plans_open_2y_plus',1,0);
INSERT INTO "ruleresult" VALUES(66,1,'range.cp_plans_open_2y_plus','range','error','item','Children on a CP plan for two years or more at month end must be between 0 and 2000','cp_plans_open_2y_plus',1,0);
INSERT INTO "ruleresult" VALUES(67,1,'CSC-026','not_above','error','record','Plans open two years or more cannot exceed children on a plan.','cp_plans_open_2y_plus,cp_children_total',1,0);
INSERT INTO "ruleresult" VALUES(68,1,'type.cic_children','type','error','item','Children in care at month end must be a whole number','cic_children',1,0);
INSERT INTO "ruleresult" VALUES(69,1,'required.cic_children','required','error','item','Children in care at month end must be filled in','cic_children',1,0);
INSERT INTO "ruleresult" VALUES(70,1,'range.cic_children','range','error','item','Children in care at month end must be between 0 and 10000','cic_children',1,0);
INSERT INTO "ruleresult" VALUES(71,1,'CSC-104','change_from_previous','query','return','Children in care moved by more than 15% in a month; explain the change.','cic_children',1,0);
INSERT INTO "ruleresult" VALUES(72,1,'type.eha_initiated','type','error','item','Early help assessments initiated must be a whole number','eha_initiated',1,0);
INSERT INTO "ruleresult" VALUES(73,1,'required.eha_initiated','required','error','item','Early help assessments initiated must be filled in','eha_initiated',1,0);
INSERT INTO "ruleresult" VALUES(74,1,'range.eha_initiated','range','error','item','Early help assessments initiated must be between 0 and 20000','eha_initiated',1,0);
INSERT INTO "ruleresult" VALUES(75,1,'type.missing_episodes','type','error','item','Missing episodes of children must be a whole number','missing_episodes',1,0);
INSERT INTO "ruleresult" VALUES(76,1,'required.missing_episodes','required','error','item','Missing episodes of children must be filled in','missing_episodes',1,0);
INSERT INTO "ruleresult" VALUES(77,1,'range.missing_episodes','range','error','item','Missing episodes of children must be between 0 and 10000','missing_episodes',1,0);
INSERT INTO "ruleresult" VALUES(78,1,'CSC-001','row_count','error','return','A local authority sends exactly one row, for its own area, each month.','',1,0);
INSERT INTO "ruleresult" VALUES(79,1,'CSC-010','sum_equals','error','record','Children on a CP plan by category of abuse must add up to the total on a plan.','cp_children_total,cp_children_neglect,cp_children_physical,cp_children_emotional,cp_children_sexual,cp_children_multiple',1,0);
INSERT INTO "ruleresult" VALUES(80,1,'unique.key','unique','error','record','Each area_code + month may appear only once','area_code,month',1,0);
INSERT INTO "ruleresult" VALUES(81,1,'agency.area','own_area','error','record','This is not one of your agency''s areas (an unknown code, or another agency''s area): send only your own areas'' data','area_code',1,0);
INSERT INTO "ruleresult" VALUES(82,1,'period.match','period_match','error','record','The period in the row is not the period of this return','month',1,0);
INSERT INTO "ruleresult" VALUES(83,2,'type.area_code','type','error','item','Local authority area (ONS code) must be text','area_code',1,0);
INSERT INTO "ruleresult" VALUES(84,2,'required.area_code','required','error','item','Local authority area (ONS code) must be filled in','area_code',1,0);
INSERT INTO "ruleresult" VALUES(85,2,'pattern.area_code','pattern','error','item','Local authority area (ONS code) is not in the expected form','area_code',1,0);
INSERT INTO "ruleresult" VALUES(86,2,'type.month','type','error','item','Reporting month (YYYY-MM) must be text','month',1,0);
INSERT INTO "ruleresult" VALUES(87,2,'required.month','required','error','item','Reporting month (YYYY-MM) must be filled in','month',1,0);
INSERT INTO "ruleresult" VALUES(88,2,'pattern.month','pattern','error','item','Reporting month (YYYY-MM) is not in the expected form','month',1,0);
INSERT INTO "ruleresult" VALUES(89,2,'type.contacts','type','error','item','Contacts to children''s social care must be a whole number','contacts',1,0);
INSERT INTO "ruleresult" VALUES(90,2,'required.contacts','required','error','item','Contacts to children''s social care must be filled in','contacts',1,0);
INSERT INTO "ruleresult" VALUES(91,2,'range.contacts','range','error','item','Contacts to children''s social care must be between 0 and 50000','contacts',1,0);
INSERT INTO "ruleresult" VALUES(92,2,'CSC-101','change_from_previous','query','return','Contacts moved by more than half from last month; explain the change.','contacts',1,0);
INSERT INTO "ruleresult" VALUES(93,2,'type.referrals','type','error','item','Referrals to children''s social care must be a whole number','referrals',1,0);
INSERT INTO "ruleresult" VALUES(94,2,'required.referrals','required','error','item','Referrals to children''s social care must be filled in','referrals',1,0);
INSERT INTO "ruleresult" VALUES(95,2,'range.referrals','range','error','item','Referrals to children''s social care must be between 0 and 20000','referrals',1,0);
INSERT INTO "ruleresult" VALUES(96,2,'CSC-020','not_above','error','record','Referrals cannot exceed contacts in the same month.','referrals,contacts',1,0);
INSERT INTO "ruleresult" VALUES(97,2,'CSC-102','change_from_previous','query','return','Referrals moved by more than half from last month; explain the change.','referrals',1,0);
INSERT INTO "ruleresult" VALUES(98,2,'type.re_referrals_12m','type','error','item','Re-referrals within 12 months of a previous referral must be a whole number','re_referrals_12m',1,0);
INSERT INTO "ruleresult" VALUES(99,2,'required.re_referrals_12m','required','error','item','Re-referrals within 12 months of a previous referral must be filled in','re_referrals_12m',1,0);
INSERT INTO "ruleresult" VALUES(100,2,'range.re_referrals_12m','range','error','item','Re-referrals within 12 months of a previous referral must be between 0 and 20000','re_referrals_12m',1,0);
INSERT INTO "ruleresult" VALUES(101,2,'CSC-021','not_above','error','record','Re-referrals are a subset of referrals and cannot exceed them.','re_referrals_12m,referrals',1,0);
INSERT INTO "ruleresult" VALUES(102,2,'type.assessments_completed','type','error','item','Single assessments completed must be a whole number','assessments_completed',1,0);
INSERT INTO "ruleresult" VALUES(103,2,'required.assessments_completed','required','error','item','Single assessments completed must be filled in','assessments_completed',1,0);
INSERT INTO "ruleresult" VALUES(104,2,'range.assessments_completed','range','error','item','Single assessments completed must be between 0 and 20000','assessments_completed',1,0);
INSERT INTO "ruleresult" VALUES(105,2,'type.assessments_within_45wd','type','error','item','Single assessments completed within 45 working days must be a whole number','assessments_within_45wd',1,0);
INSERT INTO "ruleresult" VALUES(106,2,'required.assessments_within_45wd','required','error','item','Single assessments completed within 45 working days must be filled in','assessments_within_45wd',1,0);
INSERT INTO "ruleresult" VALUES(107,2,'range.assessments_within_45wd','range','error','item','Single assessments completed within 45 working days must be between 0 and 20000','assessments_within_45wd',1,0);
INSERT INTO "ruleresult" VALUES(108,2,'CSC-022','not_above','error','record','Assessments within 45 working days cannot exceed assessments completed.','assessments_within_45wd,assessments_completed',1,0);
INSERT INTO "ruleresult" VALUES(109,2,'type.s47_completed','type','error','item','Section 47 enquiries completed must be a whole number','s47_completed',1,0);
INSERT INTO "ruleresult" VALUES(110,2,'required.s47_completed','required','error','item','Section 47 enquiries completed must be filled in','s47_completed',1,0);
INSERT INTO "ruleresult" VALUES(111,2,'range.s47_completed','range','error','item','Section 47 enquiries completed must be between 0 and 10000','s47_completed',1,0);
INSERT INTO "ruleresult" VALUES(112,2,'type.icpc_held','type','error','item','Initial child protection conferences held must be a whole number','icpc_held',1,0);
INSERT INTO "ruleresult" VALUES(113,2,'required.icpc_held','required','error','item','Initial child protection conferences held must be filled in','icpc_held',1,0);
INSERT INTO "ruleresult" VALUES(114,2,'range.icpc_held','range','error','item','Initial child protection conferences held must be between 0 and 5000','icpc_held',1,0);
INSERT INTO "ruleresult" VALUES(115,2,'CSC-023','not_above','query','record','More ICPCs than completed Section 47 enquiries this month is unusual; explain it.','icpc_held,s47_completed',1,0);
INSERT INTO "ruleresult" VALUES(116,2,'type.icpc_within_15wd','type','error','item','ICPCs held within 15 working days of the strategy discussion must be a whole number','icpc_within_15wd',1,0);
INSERT INTO "ruleresult" VALUES(117,2,'required.icpc_within_15wd','required','error','item','ICPCs held within 15 working days of the strategy discussion must be filled in','icpc_within_15wd',1,0);
INSERT INTO "ruleresult" VALUES(118,2,'range.icpc_within_15wd','range','error','item','ICPCs held within 15 working days of the strategy discussion must be between 0 and 5000','icpc_within_15wd',1,0);
INSERT INTO "ruleresult" VALUES(119,2,'CSC-024','not_above','error','record','ICPCs within 15 working days cannot exceed ICPCs held.','icpc_within_15wd,icpc_held',1,0);
INSERT INTO "ruleresult" VALUES(120,2,'type.cp_children_neglect','type','error','item','Children on a CP plan at month end - neglect must be a whole number','cp_children_neglect',1,0);
INSERT INTO "ruleresult" VALUES(121,2,'required.cp_children_neglect','required','error','item','Children on a CP plan at month end - neglect must be filled in','cp_children_neglect',1,0);
INSERT INTO "ruleresult" VALUES(122,2,'range.cp_children_neglect','range','error','item','Children on a CP plan at month end - neglect must be between 0 and 5000','cp_children_neglect',1,0);
INSERT INTO "ruleresult" VALUES(123,2,'type.cp_children_physical','type','error','item','Children on a CP plan at month end - physical abuse must be a whole number','cp_children_physical',1,0);
INSERT INTO "ruleresult" VALUES(124,2,'required.cp_children_physical','required','error','item','Children on a CP plan at month end - physical abuse must be filled in','cp_children_physical',1,0);
INSERT INTO "ruleresult" VALUES(125,2,'range.cp_children_physical','range','error','item','Children on a CP plan at month end - physical abuse must be between 0 and 5000','cp_children_physical',1,0);
INSERT INTO "ruleresult" VALUES(126,2,'type.cp_children_emotional','type','error','item','Children on a CP plan at month end - emotional abuse must be a whole number','cp_children_emotional',1,0);
INSERT INTO "ruleresult" VALUES(127,2,'required.cp_children_emotional','required','error','item','Children on a CP plan at month end - emotional abuse must be filled in','cp_children_emotional',1,0);
INSERT INTO "ruleresult" VALUES(128,2,'range.cp_children_emotional','range','error','item','Children on a CP plan at month end - emotional abuse must be between 0 and 5000','cp_children_emotional',1,0);
INSERT INTO "ruleresult" VALUES(129,2,'type.cp_children_sexual','type','error','item','Children on a CP plan at month end - sexual abuse must be a whole number','cp_children_sexual',1,0);
INSERT INTO "ruleresult" VALUES(130,2,'required.cp_children_sexual','required','error','item','Children on a CP plan at month end - sexual abuse must be filled in','cp_children_sexual',1,0);
INSERT INTO "ruleresult" VALUES(131,2,'range.cp_children_sexual','range','error','item','Children on a CP plan at month end - sexual abuse must be between 0 and 5000','cp_children_sexual',1,0);
INSERT INTO "ruleresult" VALUES(132,2,'type.cp_children_multiple','type','error','item','Children on a CP plan at month end - multiple categories must be a whole number','cp_children_multiple',1,0);
INSERT INTO "ruleresult" VALUES(133,2,'required.cp_children_multiple','required','error','item','Children on a CP plan at month end - multiple categories must be filled in','cp_children_multiple',1,0);
INSERT INTO "ruleresult" VALUES(134,2,'range.cp_children_multiple','range','error','item','Children on a CP plan at month end - multiple categories must be between 0 and 5000','cp_children_multiple',1,0);
INSERT INTO "ruleresult" VALUES(135,2,'type.cp_children_total','type','error','item','Children on a child protection plan at month end must be a whole number','cp_children_total',1,0);
INSERT INTO "ruleresult" VALUES(136,2,'required.cp_children_total','required','error','item','Children on a child protection plan at month end must be filled in','cp_children_total',1,0);
INSERT INTO "ruleresult" VALUES(137,2,'range.cp_children_total','range','error','item','Children on a child protection plan at month end must be between 0 and 10000','cp_children_total',1,0);
INSERT INTO "ruleresult" VALUES(138,2,'CSC-103','change_from_previous','query','return','Children on a CP plan moved by more than a quarter in a month; explain the change.','cp_children_total',1,0);
INSERT INTO "ruleresult" VALUES(139,2,'type.cp_plans_started','type','error','item','Child protection plans started must be a whole number','cp_plans_started',1,0);
INSERT INTO "ruleresult" VALUES(140,2,'required.cp_plans_started','required','error','item','Child protection plans started must be filled in','cp_plans_started',1,0);
INSERT INTO "ruleresult" VALUES(141,2,'range.cp_plans_started','range','error','item','Child protection plans started must be between 0 and 2000','cp_plans_started',1,0);
INSERT INTO "ruleresult" VALUES(142,2,'type.cp_plans_second_or_subsequent','type','error','item','CP plans started that are a second or subsequent plan must be a whole number','cp_plans_second_or_subsequent',1,0);
INSERT INTO "ruleresult" VALUES(143,2,'required.cp_plans_second_or_subsequent','required','error','item','CP plans started that are a second or subsequent plan must be filled in','cp_plans_second_or_subsequent',1,0);
INSERT INTO "ruleresult" VALUES(144,2,'range.cp_plans_second_or_subsequent','range','error','item','CP plans started that are a second or subsequent plan must be between 0 and 2000','cp_plans_second_or_subsequent',1,0);
INSERT INTO "ruleresult" VALUES(145,2,'CSC-025','not_above','error','record','Second or subsequent plans cannot exceed plans started.','cp_plans_second_or_subsequent,cp_plans_started',1,0);
INSERT INTO "ruleresult" VALUES(146,2,'type.cp_plans_open_2y_plus','type','error','item','Children on a CP plan for two years or more at month end must be a whole number','cp_plans_open_2y_plus',1,0);
INSERT INTO "ruleresult" VALUES(147,2,'required.cp_plans_open_2y_plus','required','error','item','Children on a CP plan for two years or more at month end must be filled in','cp_plans_open_2y_plus',1,0);
INSERT INTO "ruleresult" VALUES(148,2,'range.cp_plans_open_2y_plus','range','error','item','Children on a CP plan for two years or more at month end must be between 0 and 2000','cp_plans_open_2y_plus',1,0);
INSERT INTO "ruleresult" VALUES(149,2,'CSC-026','not_above','error','record','Plans open two years or more cannot exceed children on a plan.','cp_plans_open_2y_plus,cp_children_total',1,0);
INSERT INTO "ruleresult" VALUES(150,2,'type.cic_children','type','error','item','Children in care at month end must be a whole number','cic_children',1,0);
INSERT INTO "ruleresult" VALUES(151,2,'required.cic_children','required','error','item','Children in care at month end must be filled in','cic_children',1,0);
INSERT INTO "ruleresult" VALUES(152,2,'range.cic_children','range','error','item','Children in care at month end must be between 0 and 10000','cic_children',1,0);
INSERT INTO "ruleresult" VALUES(153,2,'CSC-104','change_from_previous','query','return','Children in care moved by more than 15% in a month; explain the change.','cic_children',1,0);
INSERT INTO "ruleresult" VALUES(154,2,'type.eha_initiated','type','error','item','Early help assessments initiated must be a whole number','eha_initiated',1,0);
INSERT INTO "ruleresult" VALUES(155,2,'required.eha_initiated','required','error','item','Early help assessments initiated must be filled in','eha_initiated',1,0);
INSERT INTO "ruleresult" VALUES(156,2,'range.eha_initiated','range','error','item','Early help assessments initiated must be between 0 and 20000','eha_initiated',1,0);
INSERT INTO "ruleresult" VALUES(157,2,'type.missing_episodes','type','error','item','Missing episodes of children must be a whole number','missing_episodes',1,0);
INSERT INTO "ruleresult" VALUES(158,2,'required.missing_episodes','required','error','item','Missing episodes of children must be filled in','missing_episodes',1,0);
INSERT INTO "ruleresult" VALUES(159,2,'range.missing_episodes','range','error','item','Missing episodes of children must be between 0 and 10000','missing_episodes',1,0);
INSERT INTO "ruleresult" VALUES(160,2,'CSC-001','row_count','error','return','A local authority sends exactly one row, for its own area, each month.','',1,0);
INSERT INTO "ruleresult" VALUES(161,2,'CSC-010','sum_equals','error','record','Children on a CP plan by category of abuse must add up to the total on a plan.','cp_children_total,cp_children_neglect,cp_children_physical,cp_children_emotional,cp_children_sexual,cp_children_multiple',1,0);
INSERT INTO "ruleresult" VALUES(162,2,'unique.key','unique','error','record','Each area_code + month may appear only once','area_code,month',1,0);
INSERT INTO "ruleresult" VALUES(163,2,'agency.area','own_area','error','record','This is not one of your agency''s areas (an unknown code, or another agency''s area): send only your own areas'' data','area_code',1,0);
INSERT INTO "ruleresult" VALUES(164,2,'period.match','period_match','error','record','The period in the row is not the period of this return','month',1,0);
INSERT INTO "ruleresult" VALUES(165,3,'type.area_code','type','error','item','Local authority area (ONS code) must be text','area_code',1,0);
INSERT INTO "ruleresult" VALUES(166,3,'required.area_code','required','error','item','Local authority area (ONS code) must be filled in','area_code',1,0);
INSERT INTO "ruleresult" VALUES(167,3,'pattern.area_code','pattern','error','item','Local authority area (ONS code) is not in the expected form','area_code',1,0);
INSERT INTO "ruleresult" VALUES(168,3,'type.month','type','error','item','Reporting month (YYYY-MM) must be text','month',1,0);
INSERT INTO "ruleresult" VALUES(169,3,'required.month','required','error','item','Reporting month (YYYY-MM) must be filled in','month',1,0);
INSERT INTO "ruleresult" VALUES(170,3,'pattern.month','pattern','error','item','Reporting month (YYYY-MM) is not in the expected form','month',1,0);
INSERT INTO "ruleresult" VALUES(171,3,'type.contacts','type','error','item','Contacts to children''s social care must be a whole number','contacts',1,0);
INSERT INTO "ruleresult" VALUES(172,3,'required.contacts','required','error','item','Contacts to children''s social care must be filled in','contacts',1,0);
INSERT INTO "ruleresult" VALUES(173,3,'range.contacts','range','error','item','Contacts to children''s social care must be between 0 and 50000','contacts',1,0);
INSERT INTO "ruleresult" VALUES(174,3,'CSC-101','change_from_previous','query','return','Contacts moved by more than half from last month; explain the change.','contacts',1,0);
INSERT INTO "ruleresult" VALUES(175,3,'type.referrals','type','error','item','Referrals to children''s social care must be a whole number','referrals',1,0);
INSERT INTO "ruleresult" VALUES(176,3,'required.referrals','required','error','item','Referrals to children''s social care must be filled in','referrals',1,0);
INSERT INTO "ruleresult" VALUES(177,3,'range.referrals','range','error','item','Referrals to children''s social care must be between 0 and 20000','referrals',1,0);
INSERT INTO "ruleresult" VALUES(178,3,'CSC-020','not_above','error','record','Referrals cannot exceed contacts in the same month.','referrals,contacts',1,0);
INSERT INTO "ruleresult" VALUES(179,3,'CSC-102','change_from_previous','query','return','Referrals moved by more than half from last month; explain the change.','referrals',1,0);
INSERT INTO "ruleresult" VALUES(180,3,'type.re_referrals_12m','type','error','item','Re-referrals within 12 months of a previous referral must be a whole number','re_referrals_12m',1,0);
INSERT INTO "ruleresult" VALUES(181,3,'required.re_referrals_12m','required','error','item','Re-referrals within 12 months of a previous referral must be filled in','re_referrals_12m',1,0);
INSERT INTO "ruleresult" VALUES(182,3,'range.re_referrals_12m','range','error','item','Re-referrals within 12 months of a previous referral must be between 0 and 20000','re_referrals_12m',1,0);
INSERT INTO "ruleresult" VALUES(183,3,'CSC-021','not_above','error','record','Re-referrals are a subset of referrals and cannot exceed them.','re_referrals_12m,referrals',1,0);
INSERT INTO "ruleresult" VALUES(184,3,'type.assessments_completed','type','error','item','Single assessments completed must be a whole number','assessments_completed',1,0);
INSERT INTO "ruleresult" VALUES(185,3,'required.assessments_completed','required','error','item','Single assessments completed must be filled in','assessments_completed',1,0);
INSERT INTO "ruleresult" VALUES(186,3,'range.assessments_completed','range','error','item','Single assessments completed must be between 0 and 20000','assessments_completed',1,0);
INSERT INTO "ruleresult" VALUES(187,3,'type.assessments_within_45wd','type','error','item','Single assessments completed within 45 working days must be a whole number','assessments_within_45wd',1,0);
INSERT INTO "ruleresult" VALUES(188,3,'required.assessments_within_45wd','required','error','item','Single assessments completed within 45 working days must be filled in','assessments_within_45wd',1,0);
INSERT INTO "ruleresult" VALUES(189,3,'range.assessments_within_45wd','range','error','item','Single assessments completed within 45 working days must be between 0 and 20000','assessments_within_45wd',1,0);
INSERT INTO "ruleresult" VALUES(190,3,'CSC-022','not_above','error','record','Assessments within 45 working days cannot exceed assessments completed.','assessments_within_45wd,assessments_completed',1,0);
INSERT INTO "ruleresult" VALUES(191,3,'type.s47_completed','type','error','item','Section 47 enquiries completed must be a whole number','s47_completed',1,0);
INSERT INTO "ruleresult" VALUES(192,3,'required.s47_completed','required','error','item','Section 47 enquiries completed must be filled in','s47_completed',1,0);
INSERT INTO "ruleresult" VALUES(193,3,'range.s47_completed','range','error','item','Section 47 enquiries completed must be between 0 and 10000','s47_completed',1,0);
INSERT INTO "ruleresult" VALUES(194,3,'type.icpc_held','type','error','item','Initial child protection conferences held must be a whole number','icpc_held',1,0);
INSERT INTO "ruleresult" VALUES(195,3,'required.icpc_held','required','error','item','Initial child protection conferences held must be filled in','icpc_held',1,0);
INSERT INTO "ruleresult" VALUES(196,3,'range.icpc_held','range','error','item','Initial child protection conferences held must be between 0 and 5000','icpc_held',1,0);
INSERT INTO "ruleresult" VALUES(197,3,'CSC-023','not_above','query','record','More ICPCs than completed Section 47 enquiries this month is unusual; explain it.','icpc_held,s47_completed',1,0);
INSERT INTO "ruleresult" VALUES(198,3,'type.icpc_within_15wd','type','error','item','ICPCs held within 15 working days of the strategy discussion must be a whole number','icpc_within_15wd',1,0);
INSERT INTO "ruleresult" VALUES(199,3,'required.icpc_within_15wd','required','error','item','ICPCs held within 15 working days of the strategy discussion must be filled in','icpc_within_15wd',1,0);
INSERT INTO "ruleresult" VALUES(200,3,'range.icpc_within_15wd','range','error','item','ICPCs held within 15 working days of the strategy discussion must be between 0 and 5000','icpc_within_15wd',1,0);
INSERT INTO "ruleresult" VALUES(201,3,'CSC-024','not_above','error','record','ICPCs within 15 working days cannot exceed ICPCs held.','icpc_within_15wd,icpc_held',1,0);
INSERT INTO "ruleresult" VALUES(202,3,'type.cp_children_neglect','type','error','item','Children on a CP plan at month end - neglect must be a whole number','cp_children_neglect',1,0);
INSERT INTO "ruleresult" VALUES(203,3,'required.cp_children_neglect','required','error','item','Children on a CP plan at month end - neglect must be filled in','cp_children_neglect',1,0);
INSERT INTO "ruleresult" VALUES(204,3,'range.cp_children_neglect','range','error','item','Children on a CP plan at month end - neglect must be between 0 and 5000','cp_children_neglect',1,0);
INSERT INTO "ruleresult" VALUES(205,3,'type.cp_children_physical','type','error','item','Children on a CP plan at month end - physical abuse must be a whole number','cp_children_physical',1,0);
INSERT INTO "ruleresult" VALUES(206,3,'required.cp_children_physical','required','error','item','Children on a CP plan at month end - physical abuse must be filled in','cp_children_physical',1,0);
INSERT INTO "ruleresult" VALUES(207,3,'range.cp_children_physical','range','error','item','Children on a CP plan at month end - physical abuse must be between 0 and 5000','cp_children_physical',1,0);
INSERT INTO "ruleresult" VALUES(208,3,'type.cp_children_emotional','type','error','item','Children on a CP plan at month end - emotional abuse must be a whole number','cp_children_emotional',1,0);
INSERT INTO "ruleresult" VALUES(209,3,'required.cp_children_emotional','required','error','item','Children on a CP plan at month end - emotional abuse must be filled in','cp_children_emotional',1,0);
INSERT INTO "ruleresult" VALUES(210,3,'range.cp_children_emotional','range','error','item','Children on a CP plan at month end - emotional abuse must be between 0 and 5000','cp_children_emotional',1,0);
INSERT INTO "ruleresult" VALUES(211,3,'type.cp_children_sexual','type','error','item','Children on a CP plan at month end - sexual abuse must be a whole number','cp_children_sexual',1,0);
INSERT INTO "ruleresult" VALUES(212,3,'required.cp_children_sexual','required','error','item','Children on a CP plan at month end - sexual abuse must be filled in','cp_children_sexual',1,0);
INSERT INTO "ruleresult" VALUES(213,3,'range.cp_children_sexual','range','error','item','Children on a CP plan at month end - sexual abuse must be between 0 and 5000','cp_children_sexual',1,0);
INSERT INTO "ruleresult" VALUES(214,3,'type.cp_children_multiple','type','error','item','Children on a CP plan at month end - multiple categories must be a whole number','cp_children_multiple',1,0);
INSERT INTO "ruleresult" VALUES(215,3,'required.cp_children_multiple','required','error','item','Children on a CP plan at month end - multiple categories must be filled in','cp_children_multiple',1,0);
INSERT INTO "ruleresult" VALUES(216,3,'range.cp_children_multiple','range','error','item','Children on a CP plan at month end - multiple categories must be between 0 and 5000','cp_children_multiple',1,0);
INSERT INTO "ruleresult" VALUES(217,3,'type.cp_children_total','type','error','item','Children on a child protection plan at month end must be a whole number','cp_children_total',1,0);
INSERT INTO "ruleresult" VALUES(218,3,'required.cp_children_total','required','error','item','Children on a child protection plan at month end must be filled in','cp_children_total',1,0);
INSERT INTO "ruleresult" VALUES(219,3,'range.cp_children_total','range','error','item','Children on a child protection plan at month end must be between 0 and 10000','cp_children_total',1,0);
INSERT INTO "ruleresult" VALUES(220,3,'CSC-103','change_from_previous','query','return','Children on a CP plan moved by more than a quarter in a month; explain the change.','cp_children_total',1,0);
INSERT INTO "ruleresult" VALUES(221,3,'type.cp_plans_started','type','error','item','Child protection plans started must be a whole number','cp_plans_started',1,0);
INSERT INTO "ruleresult" VALUES(222,3,'required.cp_plans_started','required','error','item','Child protection plans started must be filled in','cp_plans_started',1,0);
INSERT INTO "ruleresult" VALUES(223,3,'range.cp_plans_started','range','error','item','Child protection plans started must be between 0 and 2000','cp_plans_started',1,0);
INSERT INTO "ruleresult" VALUES(224,3,'type.cp_plans_second_or_subsequent','type','error','item','CP plans started that are a second or subsequent plan must be a whole number','cp_plans_second_or_subsequent',1,0);
INSERT INTO "ruleresult" VALUES(225,3,'required.cp_plans_second_or_subsequent','required','error','item','CP plans started that are a second or subsequent plan must be filled in','cp_plans_second_or_subsequent',1,0);
INSERT INTO "ruleresult" VALUES(226,3,'range.cp_plans_second_or_subsequent','range','error','item','CP plans started that are a second or subsequent plan must be between 0 and 2000','cp_plans_second_or_subsequent',1,0);
INSERT INTO "ruleresult" VALUES(227,3,'CSC-025','not_above','error','record','Second or subsequent plans cannot exceed plans started.','cp_plans_second_or_subsequent,cp_plans_started',1,0);
INSERT INTO "ruleresult" VALUES(228,3,'type.cp_plans_open_2y_plus','type','error','item','Children on a CP plan for two years or more at month end must be a whole number','cp_plans_open_2y_plus',1,0);
INSERT INTO "ruleresult" VALUES(229,3,'required.cp_plans_open_2y_plus','required','error','item','Children on a CP plan for two years or more at month end must be filled in','cp_plans_open_2y_plus',1,0);
INSERT INTO "ruleresult" VALUES(230,3,'range.cp_plans_open_2y_plus','range','error','item','Children on a CP plan for two years or more at month end must be between 0 and 2000','cp_plans_open_2y_plus',1,0);
INSERT INTO "ruleresult" VALUES(231,3,'CSC-026','not_above','error','record','Plans open two years or more cannot exceed children on a plan.','cp_plans_open_2y_plus,cp_children_total',1,0);
INSERT INTO "ruleresult" VALUES(232,3,'type.cic_children','type','error','item','Children in care at month end must be a whole number','cic_children',1,0);
INSERT INTO "ruleresult" VALUES(233,3,'required.cic_children','required','error','item','Children in care at month end must be filled in','cic_children',1,0);
INSERT INTO "ruleresult" VALUES(234,3,'range.cic_children','range','error','item','Children in care at month end must be between 0 and 10000','cic_children',1,0);
INSERT INTO "ruleresult" VALUES(235,3,'CSC-104','change_from_previous','query','return','Children in care moved by more than 15% in a month; explain the change.','cic_children',1,0);
INSERT INTO "ruleresult" VALUES(236,3,'type.eha_initiated','type','error','item','Early help assessments initiated must be a whole number','eha_initiated',1,0);
INSERT INTO "ruleresult" VALUES(237,3,'required.eha_initiated','required','error','item','Early help assessments initiated must be filled in','eha_initiated',1,0);
INSERT INTO "ruleresult" VALUES(238,3,'range.eha_initiated','range','error','item','Early help assessments initiated must be between 0 and 20000','eha_initiated',1,0);
INSERT INTO "ruleresult" VALUES(239,3,'type.missing_episodes','type','error','item','Missing episodes of children must be a whole number','missing_episodes',1,0);
INSERT INTO "ruleresult" VALUES(240,3,'required.missing_episodes','required','error','item','Missing episodes of children must be filled in','missing_episodes',1,0);
INSERT INTO "ruleresult" VALUES(241,3,'range.missing_episodes','range','error','item','Missing episodes of children must be between 0 and 10000','missing_episodes',1,0);
INSERT INTO "ruleresult" VALUES(242,3,'CSC-001','row_count','error','return','A local authority sends exactly one row, for its own area, each month.','',1,0);
INSERT INTO "ruleresult" VALUES(243,3,'CSC-010','sum_equals','error','record','Children on a CP plan by category of abuse must add up to the total on a plan.','cp_children_total,cp_children_neglect,cp_children_physical,cp_children_emotional,cp_children_sexual,cp_children_multiple',1,0);
INSERT INTO "ruleresult" VALUES(244,3,'unique.key','unique','error','record','Each area_code + month may appear only once','area_code,month',1,0);
INSERT INTO "ruleresult" VALUES(245,3,'agency.area','own_area','error','record','This is not one of your agency''s areas (an unknown code, or another agency''s area): send only your own areas'' data','area_code',1,0);
INSERT INTO "ruleresult" VALUES(246,3,'period.match','period_match','error','record','The period in the row is not the period of this return','month',1,0);
INSERT INTO "ruleresult" VALUES(247,4,'type.area_code','type','error','item','Local authority area (ONS code) must be text','area_code',1,0);
INSERT INTO "ruleresult" VALUES(248,4,'required.area_code','required','error','item','Local authority area (ONS code) must be filled in','area_code',1,0);
INSERT INTO "ruleresult" VALUES(249,4,'pattern.area_code','pattern','error','item','Local authority area (ONS code) is not in the expected form','area_code',1,0);
INSERT INTO "ruleresult" VALUES(250,4,'type.month','type','error','item','Reporting month (YYYY-MM) must be text','month',1,0);
INSERT INTO "ruleresult" VALUES(251,4,'required.month','required','error','item','Reporting month (YYYY-MM) must be filled in','month',1,0);
INSERT INTO "ruleresult" VALUES(252,4,'pattern.month','pattern','error','item','Reporting month (YYYY-MM) is not in the expected form','month',1,0);
INSERT INTO "ruleresult" VALUES(253,4,'type.contacts','type','error','item','Contacts to children''s social care must be a whole number','contacts',1,0);
INSERT INTO "ruleresult" VALUES(254,4,'required.contacts','required','error','item','Contacts to children''s social care must be filled in','contacts',1,0);
INSERT INTO "ruleresult" VALUES(255,4,'range.contacts','range','error','item','Contacts to children''s social care must be between 0 and 50000','contacts',1,0);
INSERT INTO "ruleresult" VALUES(256,4,'CSC-101','change_from_previous','query','return','Contacts moved by more than half from last month; explain the change.','contacts',1,0);
INSERT INTO "ruleresult" VALUES(257,4,'type.referrals','type','error','item','Referrals to children''s social care must be a whole number','referrals',1,0);
INSERT INTO "ruleresult" VALUES(258,4,'required.referrals','required','error','item','Referrals to children''s social care must be filled in','referrals',1,0);
INSERT INTO "ruleresult" VALUES(259,4,'range.referrals','range','error','item','Referrals to children''s social care must be between 0 and 20000','referrals',1,0);
INSERT INTO "ruleresult" VALUES(260,4,'CSC-020','not_above','error','record','Referrals cannot exceed contacts in the same month.','referrals,contacts',1,1);
INSERT INTO "ruleresult" VALUES(261,4,'CSC-102','change_from_previous','query','return','Referrals moved by more than half from last month; explain the change.','referrals',1,1);
INSERT INTO "ruleresult" VALUES(262,4,'type.re_referrals_12m','type','error','item','Re-referrals within 12 months of a previous referral must be a whole number','re_referrals_12m',1,0);
INSERT INTO "ruleresult" VALUES(263,4,'required.re_referrals_12m','required','error','item','Re-referrals within 12 months of a previous referral must be filled in','re_referrals_12m',1,0);
INSERT INTO "ruleresult" VALUES(264,4,'range.re_referrals_12m','range','error','item','Re-referrals within 12 months of a previous referral must be between 0 and 20000','re_referrals_12m',1,0);
INSERT INTO "ruleresult" VALUES(265,4,'CSC-021','not_above','error','record','Re-referrals are a subset of referrals and cannot exceed them.','re_referrals_12m,referrals',1,0);
INSERT INTO "ruleresult" VALUES(266,4,'type.assessments_completed','type','error','item','Single assessments completed must be a whole number','assessments_completed',1,0);
INSERT INTO "ruleresult" VALUES(267,4,'required.assessments_completed','required','error','item','Single assessments completed must be filled in','assessments_completed',1,0);
INSERT INTO "ruleresult" VALUES(268,4,'range.assessments_completed','range','error','item','Single assessments completed must be between 0 and 20000','assessments_completed',1,0);
INSERT INTO "ruleresult" VALUES(269,4,'type.assessments_within_45wd','type','error','item','Single assessments completed within 45 working days must be a whole number','assessments_within_45wd',1,0);
INSERT INTO "ruleresult" VALUES(270,4,'required.assessments_within_45wd','required','error','item','Single assessments completed within 45 working days must be filled in','assessments_within_45wd',1,0);
INSERT INTO "ruleresult" VALUES(271,4,'range.assessments_within_45wd','range','error','item','Single assessments completed within 45 working days must be between 0 and 20000','assessments_within_45wd',1,0);
INSERT INTO "ruleresult" VALUES(272,4,'CSC-022','not_above','error','record','Assessments within 45 working days cannot exceed assessments completed.','assessments_within_45wd,assessments_completed',1,0);
INSERT INTO "ruleresult" VALUES(273,4,'type.s47_completed','type','error','item','Section 47 enquiries completed must be a whole number','s47_completed',1,0);
INSERT INTO "ruleresult" VALUES(274,4,'required.s47_completed','required','error','item','Section 47 enquiries completed must be filled in','s47_completed',1,0);
INSERT INTO "ruleresult" VALUES(275,4,'range.s47_completed','range','error','item','Section 47 enquiries completed must be between 0 and 10000','s47_completed',1,0);
INSERT INTO "ruleresult" VALUES(276,4,'type.icpc_held','type','error','item','Initial child protection conferences held must be a whole number','icpc_held',1,0);
INSERT INTO "ruleresult" VALUES(277,4,'required.icpc_held','required','error','item','Initial child protection conferences held must be filled in','icpc_held',1,0);
INSERT INTO "ruleresult" VALUES(278,4,'range.icpc_held','range','error','item','Initial child protection conferences held must be between 0 and 5000','icpc_held',1,0);
INSERT INTO "ruleresult" VALUES(279,4,'CSC-023','not_above','query','record','More ICPCs than completed Section 47 enquiries this month is unusual; explain it.','icpc_held,s47_completed',1,0);
INSERT INTO "ruleresult" VALUES(280,4,'type.icpc_within_15wd','type','error','item','ICPCs held within 15 working days of the strategy discussion must be a whole number','icpc_within_15wd',1,0);
INSERT INTO "ruleresult" VALUES(281,4,'required.icpc_within_15wd','required','error','item','ICPCs held within 15 working days of the strategy discussion must be filled in','icpc_within_15wd',1,0);
INSERT INTO "ruleresult" VALUES(282,4,'range.icpc_within_15wd','range','error','item','ICPCs held within 15 working days of the strategy discussion must be between 0 and 5000','icpc_within_15wd',1,0);
INSERT INTO "ruleresult" VALUES(283,4,'CSC-024','not_above','error','record','ICPCs within 15 working days cannot exceed ICPCs held.','icpc_within_15wd,icpc_held',1,0);
INSERT INTO "ruleresult" VALUES(284,4,'type.cp_children_neglect','type','error','item','Children on a CP plan at month end - neglect must be a whole number','cp_children_neglect',1,0);
INSERT INTO "ruleresult" VALUES(285,4,'required.cp_children_neglect','required','error','item','Children on a CP plan at month end - neglect must be filled in','cp_children_neglect',1,0);
INSERT INTO "ruleresult" VALUES(286,4,'range.cp_children_neglect','range','error','item','Children on a CP plan at month end - neglect must be between 0 and 5000','cp_children_neglect',1,0);
INSERT INTO "ruleresult" VALUES(287,4,'type.cp_children_physical','type','error','item','Children on a CP plan at month end - physical abuse must be a whole number','cp_children_physical',1,0);
INSERT INTO "ruleresult" VALUES(288,4,'required.cp_children_physical','required','error','item','Children on a CP plan at month end - physical abuse must be filled in','cp_children_physical',1,0);
INSERT INTO "ruleresult" VALUES(289,4,'range.cp_children_physical','range','error','item','Children on a CP plan at month end - physical abuse must be between 0 and 5000','cp_children_physical',1,0);
INSERT INTO "ruleresult" VALUES(290,4,'type.cp_children_emotional','type','error','item','Children on a CP plan at month end - emotional abuse must be a whole number','cp_children_emotional',1,0);
INSERT INTO "ruleresult" VALUES(291,4,'required.cp_children_emotional','required','error','item','Children on a CP plan at month end - emotional abuse must be filled in','cp_children_emotional',1,0);
INSERT INTO "ruleresult" VALUES(292,4,'range.cp_children_emotional','range','error','item','Children on a CP plan at month end - emotional abuse must be between 0 and 5000','cp_children_emotional',1,0);
INSERT INTO "ruleresult" VALUES(293,4,'type.cp_children_sexual','type','error','item','Children on a CP plan at month end - sexual abuse must be a whole number','cp_children_sexual',1,0);
INSERT INTO "ruleresult" VALUES(294,4,'required.cp_children_sexual','required','error','item','Children on a CP plan at month end - sexual abuse must be filled in','cp_children_sexual',1,0);
INSERT INTO "ruleresult" VALUES(295,4,'range.cp_children_sexual','range','error','item','Children on a CP plan at month end - sexual abuse must be between 0 and 5000','cp_children_sexual',1,0);
INSERT INTO "ruleresult" VALUES(296,4,'type.cp_children_multiple','type','error','item','Children on a CP plan at month end - multiple categories must be a whole number','cp_children_multiple',1,0);
INSERT INTO "ruleresult" VALUES(297,4,'required.cp_children_multiple','required','error','item','Children on a CP plan at month end - multiple categories must be filled in','cp_children_multiple',1,0);
INSERT INTO "ruleresult" VALUES(298,4,'range.cp_children_multiple','range','error','item','Children on a CP plan at month end - multiple categories must be between 0 and 5000','cp_children_multiple',1,0);
INSERT INTO "ruleresult" VALUES(299,4,'type.cp_children_total','type','error','item','Children on a child protection plan at month end must be a whole number','cp_children_total',1,0);
INSERT INTO "ruleresult" VALUES(300,4,'required.cp_children_total','required','error','item','Children on a child protection plan at month end must be filled in','cp_children_total',1,0);
INSERT INTO "ruleresult" VALUES(301,4,'range.cp_children_total','range','error','item','Children on a child protection plan at month end must be between 0 and 10000','cp_children_total',1,0);
INSERT INTO "ruleresult" VALUES(302,4,'CSC-103','change_from_previous','query','return','Children on a CP plan moved by more than a quarter in a month; explain the change.','cp_children_total',1,0);
INSERT INTO "ruleresult" VALUES(303,4,'type.cp_plans_started','type','error','item','Child protection plans started must be a whole number','cp_plans_started',1,0);
INSERT INTO "ruleresult" VALUES(304,4,'required.cp_plans_started','required','error','item','Child protection plans started must be filled in','cp_plans_started',1,0);
INSERT INTO "ruleresult" VALUES(305,4,'range.cp_plans_started','range','error','item','Child protection plans started must be between 0 and 2000','cp_plans_started',1,0);
INSERT INTO "ruleresult" VALUES(306,4,'type.cp_plans_second_or_subsequent','type','error','item','CP plans started that are a second or subsequent plan must be a whole number','cp_plans_second_or_subsequent',1,0);
INSERT INTO "ruleresult" VALUES(307,4,'required.cp_plans_second_or_subsequent','required','error','item','CP plans started that are a second or subsequent plan must be filled in','cp_plans_second_or_subsequent',1,0);
INSERT INTO "ruleresult" VALUES(308,4,'range.cp_plans_second_or_subsequent','range','error','item','CP plans started that are a second or subsequent plan must be between 0 and 2000','cp_plans_second_or_subsequent',1,0);
INSERT INTO "ruleresult" VALUES(309,4,'CSC-025','not_above','error','record','Second or subsequent plans cannot exceed plans started.','cp_plans_second_or_subsequent,cp_plans_started',1,0);
INSERT INTO "ruleresult" VALUES(310,4,'type.cp_plans_open_2y_plus','type','error','item','Children on a CP plan for two years or more at month end must be a whole number','cp_plans_open_2y_plus',1,0);
INSERT INTO "ruleresult" VALUES(311,4,'required.cp_plans_open_2y_plus','required','error','item','Children on a CP plan for two years or more at month end must be filled in','cp_plans_open_2y_plus',1,0);
INSERT INTO "ruleresult" VALUES(312,4,'range.cp_plans_open_2y_plus','range','error','item','Children on a CP plan for two years or more at month end must be between 0 and 2000','cp_plans_open_2y_plus',1,0);
INSERT INTO "ruleresult" VALUES(313,4,'CSC-026','not_above','error','record','Plans open two years or more cannot exceed children on a plan.','cp_plans_open_2y_plus,cp_children_total',1,0);
INSERT INTO "ruleresult" VALUES(314,4,'type.cic_children','type','error','item','Children in care at month end must be a whole number','cic_children',1,0);
INSERT INTO "ruleresult" VALUES(315,4,'required.cic_children','required','error','item','Children in care at month end must be filled in','cic_children',1,0);
INSERT INTO "ruleresult" VALUES(316,4,'range.cic_children','range','error','item','Children in care at month end must be between 0 and 10000','cic_children',1,0);
INSERT INTO "ruleresult" VALUES(317,4,'CSC-104','change_from_previous','query','return','Children in care moved by more than 15% in a month; explain the change.','cic_children',1,0);
INSERT INTO "ruleresult" VALUES(318,4,'type.eha_initiated','type','error','item','Early help assessments initiated must be a whole number','eha_initiated',1,0);
INSERT INTO "ruleresult" VALUES(319,4,'required.eha_initiated','required','error','item','Early help assessments initiated must be filled in','eha_initiated',1,0);
INSERT INTO "ruleresult" VALUES(320,4,'range.eha_initiated','range','error','item','Early help assessments initiated must be between 0 and 20000','eha_initiated',1,0);
INSERT INTO "ruleresult" VALUES(321,4,'type.missing_episodes','type','error','item','Missing episodes of children must be a whole number','missing_episodes',1,0);
INSERT INTO "ruleresult" VALUES(322,4,'required.missing_episodes','required','error','item','Missing episodes of children must be filled in','missing_episodes',1,0);
INSERT INTO "ruleresult" VALUES(323,4,'range.missing_episodes','range','error','item','Missing episodes of children must be between 0 and 10000','missing_episodes',1,0);
INSERT INTO "ruleresult" VALUES(324,4,'CSC-001','row_count','error','return','A local authority sends exactly one row, for its own area, each month.','',1,0);
INSERT INTO "ruleresult" VALUES(325,4,'CSC-010','sum_equals','error','record','Children on a CP plan by category of abuse must add up to the total on a plan.','cp_children_total,cp_children_neglect,cp_children_physical,cp_children_emotional,cp_children_sexual,cp_children_multiple',1,0);
INSERT INTO "ruleresult" VALUES(326,4,'unique.key','unique','error','record','Each area_code + month may appear only once','area_code,month',1,0);
INSERT INTO "ruleresult" VALUES(327,4,'agency.area','own_area','error','record','This is not one of your agency''s areas (an unknown code, or another agency''s area): send only your own areas'' data','area_code',1,0);
INSERT INTO "ruleresult" VALUES(328,4,'period.match','period_match','error','record','The period in the row is not the period of this return','month',1,0);
INSERT INTO "ruleresult" VALUES(329,5,'type.area_code','type','error','item','Local authority area (ONS code) must be text','area_code',1,0);
INSERT INTO "ruleresult" VALUES(330,5,'required.area_code','required','error','item','Local authority area (ONS code) must be filled in','area_code',1,0);
INSERT INTO "ruleresult" VALUES(331,5,'pattern.area_code','pattern','error','item','Local authority area (ONS code) is not in the expected form','area_code',1,0);
INSERT INTO "ruleresult" VALUES(332,5,'type.month','type','error','item','Reporting month (YYYY-MM) must be text','month',1,0);
INSERT INTO "ruleresult" VALUES(333,5,'required.month','required','error','item','Reporting month (YYYY-MM) must be filled in','month',1,0);
INSERT INTO "ruleresult" VALUES(334,5,'pattern.month','pattern','error','item','Reporting month (YYYY-MM) is not in the expected form','month',1,0);
INSERT INTO "ruleresult" VALUES(335,5,'type.contacts','type','error','item','Contacts to children''s social care must be a whole number','contacts',1,0);
INSERT INTO "ruleresult" VALUES(336,5,'required.contacts','required','error','item','Contacts to children''s social care must be filled in','contacts',1,0);
INSERT INTO "ruleresult" VALUES(337,5,'range.contacts','range','error','item','Contacts to children''s social care must be between 0 and 50000','contacts',1,0);
INSERT INTO "ruleresult" VALUES(338,5,'CSC-101','change_from_previous','query','return','Contacts moved by more than half from last month; explain the change.','contacts',1,0);
INSERT INTO "ruleresult" VALUES(339,5,'type.referrals','type','error','item','Referrals to children''s social care must be a whole number','referrals',1,0);
INSERT INTO "ruleresult" VALUES(340,5,'required.referrals','required','error','item','Referrals to children''s social care must be filled in','referrals',1,0);
INSERT INTO "ruleresult" VALUES(341,5,'range.referrals','range','error','item','Referrals to children''s social care must be between 0 and 20000','referrals',1,0);
INSERT INTO "ruleresult" VALUES(342,5,'CSC-020','not_above','error','record','Referrals cannot exceed contacts in the same month.','referrals,contacts',1,1);
INSERT INTO "ruleresult" VALUES(343,5,'CSC-102','change_from_previous','query','return','Referrals moved by more than half from last month; explain the change.','referrals',1,1);
INSERT INTO "ruleresult" VALUES(344,5,'type.re_referrals_12m','type','error','item','Re-referrals within 12 months of a previous referral must be a whole number','re_referrals_12m',1,0);
INSERT INTO "ruleresult" VALUES(345,5,'required.re_referrals_12m','required','error','item','Re-referrals within 12 months of a previous referral must be filled in','re_referrals_12m',1,0);
INSERT INTO "ruleresult" VALUES(346,5,'range.re_referrals_12m','range','error','item','Re-referrals within 12 months of a previous referral must be between 0 and 20000','re_referrals_12m',1,0);
INSERT INTO "ruleresult" VALUES(347,5,'CSC-021','not_above','error','record','Re-referrals are a subset of referrals and cannot exceed them.','re_referrals_12m,referrals',1,0);
INSERT INTO "ruleresult" VALUES(348,5,'type.assessments_completed','type','error','item','Single assessments completed must be a whole number','assessments_completed',1,0);
INSERT INTO "ruleresult" VALUES(349,5,'required.assessments_completed','required','error','item','Single assessments completed must be filled in','assessments_completed',1,0);
INSERT INTO "ruleresult" VALUES(350,5,'range.assessments_completed','range','error','item','Single assessments completed must be between 0 and 20000','assessments_completed',1,0);
INSERT INTO "ruleresult" VALUES(351,5,'type.assessments_within_45wd','type','error','item','Single assessments completed within 45 working days must be a whole number','assessments_within_45wd',1,0);
INSERT INTO "ruleresult" VALUES(352,5,'required.assessments_within_45wd','required','error','item','Single assessments completed within 45 working days must be filled in','assessments_within_45wd',1,0);
INSERT INTO "ruleresult" VALUES(353,5,'range.assessments_within_45wd','range','error','item','Single assessments completed within 45 working days must be between 0 and 20000','assessments_within_45wd',1,0);
INSERT INTO "ruleresult" VALUES(354,5,'CSC-022','not_above','error','record','Assessments within 45 working days cannot exceed assessments completed.','assessments_within_45wd,assessments_completed',1,0);
INSERT INTO "ruleresult" VALUES(355,5,'type.s47_completed','type','error','item','Section 47 enquiries completed must be a whole number','s47_completed',1,0);
INSERT INTO "ruleresult" VALUES(356,5,'required.s47_completed','required','error','item','Section 47 enquiries completed must be filled in','s47_completed',1,0);
INSERT INTO "ruleresult" VALUES(357,5,'range.s47_completed','range','error','item','Section 47 enquiries completed must be between 0 and 10000','s47_completed',1,0);
INSERT INTO "ruleresult" VALUES(358,5,'type.icpc_held','type','error','item','Initial child protection conferences held must be a whole number','icpc_held',1,0);
INSERT INTO "ruleresult" VALUES(359,5,'required.icpc_held','required','error','item','Initial child protection conferences held must be filled in','icpc_held',1,0);
INSERT INTO "ruleresult" VALUES(360,5,'range.icpc_held','range','error','item','Initial child protection conferences held must be between 0 and 5000','icpc_held',1,0);
INSERT INTO "ruleresult" VALUES(361,5,'CSC-023','not_above','query','record','More ICPCs than completed Section 47 enquiries this month is unusual; explain it.','icpc_held,s47_completed',1,0);
INSERT INTO "ruleresult" VALUES(362,5,'type.icpc_within_15wd','type','error','item','ICPCs held within 15 working days of the strategy discussion must be a whole number','icpc_within_15wd',1,0);
INSERT INTO "ruleresult" VALUES(363,5,'required.icpc_within_15wd','required','error','item','ICPCs held within 15 working days of the strategy discussion must be filled in','icpc_within_15wd',1,0);
INSERT INTO "ruleresult" VALUES(364,5,'range.icpc_within_15wd','range','error','item','ICPCs held within 15 working days of the strategy discussion must be between 0 and 5000','icpc_within_15wd',1,0);
INSERT INTO "ruleresult" VALUES(365,5,'CSC-024','not_above','error','record','ICPCs within 15 working days cannot exceed ICPCs held.','icpc_within_15wd,icpc_held',1,0);
INSERT INTO "ruleresult" VALUES(366,5,'type.cp_children_neglect','type','error','item','Children on a CP plan at month end - neglect must be a whole number','cp_children_neglect',1,0);
INSERT INTO "ruleresult" VALUES(367,5,'required.cp_children_neglect','required','error','item','Children on a CP plan at month end - neglect must be filled in','cp_children_neglect',1,0);
INSERT INTO "ruleresult" VALUES(368,5,'range.cp_children_neglect','range','error','item','Children on a CP plan at month end - neglect must be between 0 and 5000','cp_children_neglect',1,0);
INSERT INTO "ruleresult" VALUES(369,5,'type.cp_children_physical','type','error','item','Children on a CP plan at month end - physical abuse must be a whole number','cp_children_physical',1,0);
INSERT INTO "ruleresult" VALUES(370,5,'required.cp_children_physical','required','error','item','Children on a CP plan at month end - physical abuse must be filled in','cp_children_physical',1,0);
INSERT INTO "ruleresult" VALUES(371,5,'range.cp_children_physical','range','error','item','Children on a CP plan at month end - physical abuse must be between 0 and 5000','cp_children_physical',1,0);
INSERT INTO "ruleresult" VALUES(372,5,'type.cp_children_emotional','type','error','item','Children on a CP plan at month end - emotional abuse must be a whole number','cp_children_emotional',1,0);
INSERT INTO "ruleresult" VALUES(373,5,'required.cp_children_emotional','required','error','item','Children on a CP plan at month end - emotional abuse must be filled in','cp_children_emotional',1,0);
INSERT INTO "ruleresult" VALUES(374,5,'range.cp_children_emotional','range','error','item','Children on a CP plan at month end - emotional abuse must be between 0 and 5000','cp_children_emotional',1,0);
INSERT INTO "ruleresult" VALUES(375,5,'type.cp_children_sexual','type','error','item','Children on a CP plan at month end - sexual abuse must be a whole number','cp_children_sexual',1,0);
INSERT INTO "ruleresult" VALUES(376,5,'required.cp_children_sexual','required','error','item','Children on a CP plan at month end - sexual abuse must be filled in','cp_children_sexual',1,0);
INSERT INTO "ruleresult" VALUES(377,5,'range.cp_children_sexual','range','error','item','Children on a CP plan at month end - sexual abuse must be between 0 and 5000','cp_children_sexual',1,0);
INSERT INTO "ruleresult" VALUES(378,5,'type.cp_children_multiple','type','error','item','Children on a CP plan at month end - multiple categories must be a whole number','cp_children_multiple',1,0);
INSERT INTO "ruleresult" VALUES(379,5,'required.cp_children_multiple','required','error','item','Children on a CP plan at month end - multiple categories must be filled in','cp_children_multiple',1,0);
INSERT INTO "ruleresult" VALUES(380,5,'range.cp_children_multiple','range','error','item','Children on a CP plan at month end - multiple categories must be between 0 and 5000','cp_children_multiple',1,0);
INSERT INTO "ruleresult" VALUES(381,5,'type.cp_children_total','type','error','item','Children on a child protection plan at month end must be a whole number','cp_children_total',1,0);
INSERT INTO "ruleresult" VALUES(382,5,'required.cp_children_total','required','error','item','Children on a child protection plan at month end must be filled in','cp_children_total',1,0);
INSERT INTO "ruleresult" VALUES(383,5,'range.cp_children_total','range','error','item','Children on a child protection plan at month end must be between 0 and 10000','cp_children_total',1,0);
INSERT INTO "ruleresult" VALUES(384,5,'CSC-103','change_from_previous','query','return','Children on a CP plan moved by more than a quarter in a month; explain the change.','cp_children_total',1,0);
INSERT INTO "ruleresult" VALUES(385,5,'type.cp_plans_started','type','error','item','Child protection plans started must be a whole number','cp_plans_started',1,0);
INSERT INTO "ruleresult" VALUES(386,5,'required.cp_plans_started','required','error','item','Child protection plans started must be filled in','cp_plans_started',1,0);
INSERT INTO "ruleresult" VALUES(387,5,'range.cp_plans_started','range','error','item','Child protection plans started must be between 0 and 2000','cp_plans_started',1,0);
INSERT INTO "ruleresult" VALUES(388,5,'type.cp_plans_second_or_subsequent','type','error','item','CP plans started that are a second or subsequent plan must be a whole number','cp_plans_second_or_subsequent',1,0);
INSERT INTO "ruleresult" VALUES(389,5,'required.cp_plans_second_or_subsequent','required','error','item','CP plans started that are a second or subsequent plan must be filled in','cp_plans_second_or_subsequent',1,0);
INSERT INTO "ruleresult" VALUES(390,5,'range.cp_plans_second_or_subsequent','range','error','item','CP plans started that are a second or subsequent plan must be between 0 and 2000','cp_plans_second_or_subsequent',1,0);
INSERT INTO "ruleresult" VALUES(391,5,'CSC-025','not_above','error','record','Second or subsequent plans cannot exceed plans started.','cp_plans_second_or_subsequent,cp_plans_started',1,0);
INSERT INTO "ruleresult" VALUES(392,5,'type.cp_plans_open_2y_plus','type','error','item','Children on a CP plan for two years or more at month end must be a whole number','cp_plans_open_2y_plus',1,0);
INSERT INTO "ruleresult" VALUES(393,5,'required.cp_plans_open_2y_plus','required','error','item','Children on a CP plan for two years or more at month end must be filled in','cp_plans_open_2y_plus',1,0);
INSERT INTO "ruleresult" VALUES(394,5,'range.cp_plans_open_2y_plus','range','error','item','Children on a CP plan for two years or more at month end must be between 0 and 2000','cp_plans_open_2y_plus',1,0);
INSERT INTO "ruleresult" VALUES(395,5,'CSC-026','not_above','error','record','Plans open two years or more cannot exceed children on a plan.','cp_plans_open_2y_plus,cp_children_total',1,0);
INSERT INTO "ruleresult" VALUES(396,5,'type.cic_children','type','error','item','Children in care at month end must be a whole number','cic_children',1,0);
INSERT INTO "ruleresult" VALUES(397,5,'required.cic_children','required','error','item','Children in care at month end must be filled in','cic_children',1,0);
INSERT INTO "ruleresult" VALUES(398,5,'range.cic_children','range','error','item','Children in care at month end must be between 0 and 10000','cic_children',1,0);
INSERT INTO "ruleresult" VALUES(399,5,'CSC-104','change_from_previous','query','return','Children in care moved by more than 15% in a month; explain the change.','cic_children',1,0);
INSERT INTO "ruleresult" VALUES(400,5,'type.eha_initiated','type','error','item','Early help assessments initiated must be a whole number','eha_initiated',1,0);
INSERT INTO "ruleresult" VALUES(401,5,'required.eha_initiated','required','error','item','Early help assessments initiated must be filled in','eha_initiated',1,0);
INSERT INTO "ruleresult" VALUES(402,5,'range.eha_initiated','range','error','item','Early help assessments initiated must be between 0 and 20000','eha_initiated',1,0);
INSERT INTO "ruleresult" VALUES(403,5,'type.missing_episodes','type','error','item','Missing episodes of children must be a whole number','missing_episodes',1,0);
INSERT INTO "ruleresult" VALUES(404,5,'required.missing_episodes','required','error','item','Missing episodes of children must be filled in','missing_episodes',1,0);
INSERT INTO "ruleresult" VALUES(405,5,'range.missing_episodes','range','error','item','Missing episodes of children must be between 0 and 10000','missing_episodes',1,0);
INSERT INTO "ruleresult" VALUES(406,5,'CSC-001','row_count','error','return','A local authority sends exactly one row, for its own area, each month.','',1,0);
INSERT INTO "ruleresult" VALUES(407,5,'CSC-010','sum_equals','error','record','Children on a CP plan by category of abuse must add up to the total on a plan.','cp_children_total,cp_children_neglect,cp_children_physical,cp_children_emotional,cp_children_sexual,cp_children_multiple',1,0);
INSERT INTO "ruleresult" VALUES(408,5,'unique.key','unique','error','record','Each area_code + month may appear only once','area_code,month',1,0);
INSERT INTO "ruleresult" VALUES(409,5,'agency.area','own_area','error','record','This is not one of your agency''s areas (an unknown code, or another agency''s area): send only your own areas'' data','area_code',1,0);
INSERT INTO "ruleresult" VALUES(410,5,'period.match','period_match','error','record','The period in the row is not the period of this return','month',1,0);
INSERT INTO "ruleresult" VALUES(411,6,'type.month','type','error','item','Reporting month (YYYY-MM) must be text','month',1,0);
INSERT INTO "ruleresult" VALUES(412,6,'required.month','required','error','item','Reporting month (YYYY-MM) must be filled in','month',1,0);
INSERT INTO "ruleresult" VALUES(413,6,'pattern.month','pattern','error','item','Reporting month (YYYY-MM) is not in the expected form','month',1,0);
INSERT INTO "ruleresult" VALUES(414,6,'type.area_code','type','error','item','District or unitary authority (ONS code) must be text','area_code',1,0);
INSERT INTO "ruleresult" VALUES(415,6,'required.area_code','required','error','item','District or unitary authority (ONS code) must be filled in','area_code',1,0);
INSERT INTO "ruleresult" VALUES(416,6,'pattern.area_code','pattern','error','item','District or unitary authority (ONS code) is not in the expected form','area_code',1,0);
INSERT INTO "ruleresult" VALUES(417,6,'type.da_incidents_children_present','type','error','item','Domestic abuse incidents with children present must be a whole number','da_incidents_children_present',1,0);
INSERT INTO "ruleresult" VALUES(418,6,'required.da_incidents_children_present','required','error','item','Domestic abuse incidents with children present must be filled in','da_incidents_children_present',1,0);
INSERT INTO "ruleresult" VALUES(419,6,'range.da_incidents_children_present','range','error','item','Domestic abuse incidents with children present must be between 0 and 10000','da_incidents_children_present',1,0);
INSERT INTO "ruleresult" VALUES(420,6,'POL-102','change_from_previous','query','return','Domestic abuse incidents with children present moved by more than half from last month; explain the change.','da_incidents_children_present',1,0);
INSERT INTO "ruleresult" VALUES(421,6,'type.op_encompass_notifications','type','error','item','Operation Encompass notifications to schools must be a whole number','op_encompass_notifications',1,0);
INSERT INTO "ruleresult" VALUES(422,6,'required.op_encompass_notifications','required','error','item','Operation Encompass notifications to schools must be filled in','op_encompass_notifications',1,0);
INSERT INTO "ruleresult" VALUES(423,6,'range.op_encompass_notifications','range','error','item','Operation Encompass notifications to schools must be between 0 and 10000','op_encompass_notifications',1,0);
INSERT INTO "ruleresult" VALUES(424,6,'POL-101','not_above','query','record','More Operation Encompass notifications than domestic abuse incidents with children present; possible where one incident involves children at several schools, otherwise check the counts.','op_encompass_notifications,da_incidents_children_present',1,0);
INSERT INTO "ruleresult" VALUES(425,6,'type.missing_child_episodes','type','error','item','Missing episodes of children reported to the police must be a whole number','missing_child_episodes',1,0);
INSERT INTO "ruleresult" VALUES(426,6,'required.missing_child_episodes','required','error','item','Missing episodes of children reported to the police must be filled in','missing_child_episodes',1,0);
INSERT INTO "ruleresult" VALUES(427,6,'range.missing_child_episodes','range','error','item','Missing episodes of children reported to the police must be between 0 and 5000','missing_child_episodes',1,0);
INSERT INTO "ruleresult" VALUES(428,6,'type.children_flagged_cce','type','error','item','Children flagged at risk of criminal exploitation at month end must be a whole number','children_flagged_cce',1,0);
INSERT INTO "ruleresult" VALUES(429,6,'required.children_flagged_cce','required','error','item','Children flagged at risk of criminal exploitation at month end must be filled in','children_flagged_cce',1,0);
INSERT INTO "ruleresult" VALUES(430,6,'range.children_flagged_cce','range','error','item','Children flagged at risk of criminal exploitation at month end must be between 0 and 5000','children_flagged_cce',1,0);
INSERT INTO "ruleresult" VALUES(431,6,'type.children_flagged_cse','type','error','item','Children flagged at risk of sexual exploitation at month end must be a whole number','children_flagged_cse',1,0);
INSERT INTO "ruleresult" VALUES(432,6,'required.children_flagged_cse','required','error','item','Children flagged at risk of sexual exploitation at month end must be filled in','children_flagged_cse',1,0);
INSERT INTO "ruleresult" VALUES(433,6,'range.children_flagged_cse','range','error','item','Children flagged at risk of sexual exploitation at month end must be between 0 and 5000','children_flagged_cse',1,0);
INSERT INTO "ruleresult" VALUES(434,6,'type.nrm_referrals_children','type','error','item','National Referral Mechanism referrals of children must be a whole number','nrm_referrals_children',1,0);
INSERT INTO "ruleresult" VALUES(435,6,'required.nrm_referrals_children','required','error','item','National Referral Mechanism referrals of children must be filled in','nrm_referrals_children',1,0);
INSERT INTO "ruleresult" VALUES(436,6,'range.nrm_referrals_children','range','error','item','National Referral Mechanism referrals of children must be between 0 and 1000','nrm_referrals_children',1,0);
INSERT INTO "ruleresult" VALUES(437,6,'type.csa_offences_recorded','type','error','item','Child sexual abuse offences recorded must be a whole number','csa_offences_recorded',1,0);
INSERT INTO "ruleresult" VALUES(438,6,'required.csa_offences_recorded','required','error','item','Child sexual abuse offences recorded must be filled in','csa_offences_recorded',1,0);
INSERT INTO "ruleresult" VALUES(439,6,'range.csa_offences_recorded','range','error','item','Child sexual abuse offences recorded must be between 0 and 5000','csa_offences_recorded',1,0);
INSERT INTO "ruleresult" VALUES(440,6,'type.joint_s47_investigations','type','error','item','Joint (police and children''s social care) Section 47 investigations must be a whole number','joint_s47_investigations',1,0);
INSERT INTO "ruleresult" VALUES(441,6,'required.joint_s47_investigations','required','error','item','Joint (police and children''s social care) Section 47 investigations must be filled in','joint_s47_investigations',1,0);
INSERT INTO "ruleresult" VALUES(442,6,'range.joint_s47_investigations','range','error','item','Joint (police and children''s social care) Section 47 investigations must be between 0 and 5000','joint_s47_investigations',1,0);
INSERT INTO "ruleresult" VALUES(443,6,'POL-103','not_above_measure','query','return','Joint Section 47 investigations are above the Section 47 enquiries the local authority completed in the same area and month; check both returns.','joint_s47_investigations',1,0);
INSERT INTO "ruleresult" VALUES(444,6,'POL-001','row_count','error','return','The return has exactly six rows: the five Cambridgeshire districts and Peterborough.','',1,0);
INSERT INTO "ruleresult" VALUES(445,6,'unique.key','unique','error','record','Each month + area_code may appear only once','month,area_code',1,0);
INSERT INTO "ruleresult" VALUES(446,6,'agency.area','own_area','error','record','This is not one of your agency''s areas (an unknown code, or another agency''s area): send only your own areas'' data','area_code',1,0);
INSERT INTO "ruleresult" VALUES(447,6,'period.match','period_match','error','record','The period in the row is not the period of this return','month',1,0);
INSERT INTO "ruleresult" VALUES(448,7,'type.quarter','type','error','item','Reporting quarter (financial year, e.g. 2020-Q1 = April-June 2020) must be text','quarter',1,0);
INSERT INTO "ruleresult" VALUES(449,7,'required.quarter','required','error','item','Reporting quarter (financial year, e.g. 2020-Q1 = April-June 2020) must be filled in','quarter',1,0);
INSERT INTO "ruleresult" VALUES(450,7,'pattern.quarter','pattern','error','item','Reporting quarter (financial year, e.g. 2020-Q1 = April-June 2020) is not in the expected form','quarter',1,0);
INSERT INTO "ruleresult" VALUES(451,7,'type.area_code','type','error','item','Area (CPSCP for the whole partnership) must be text','area_code',1,0);
INSERT INTO "ruleresult" VALUES(452,7,'required.area_code','required','error','item','Area (CPSCP for the whole partnership) must be filled in','area_code',1,0);
INSERT INTO "ruleresult" VALUES(453,7,'pattern.area_code','pattern','error','item','Area (CPSCP for the whole partnership) is not in the expected form','area_code',1,0);
INSERT INTO "ruleresult" VALUES(454,7,'type.provider','type','error','item','Health provider must be text','provider',1,0);
INSERT INTO "ruleresult" VALUES(455,7,'required.provider','required','error','item','Health provider must be filled in','provider',1,0);
INSERT INTO "ruleresult" VALUES(456,7,'HLT-002','allowed_values','error','item','Provider must be one of CUH, NWAFT, CPFT, CCS or EEAST.','provider',1,0);
INSERT INTO "ruleresult" VALUES(457,7,'type.training_l1_trained','type','error','item','Staff with in-date level 1 safeguarding children training must be a whole number','training_l1_trained',1,0);
INSERT INTO "ruleresult" VALUES(458,7,'required.training_l1_trained','required','error','item','Staff with in-date level 1 safeguarding children training must be filled in','training_l1_trained',1,0);
INSERT INTO "ruleresult" VALUES(459,7,'range.training_l1_trained','range','error','item','Staff with in-date level 1 safeguarding children training must be between 0 and 50000','training_l1_trained',1,0);
INSERT INTO "ruleresult" VALUES(460,7,'HLT-010','not_above','error','record','Staff trained at level 1 cannot exceed the staff who need level 1.','training_l1_trained,training_l1_staff',1,0);
INSERT INTO "ruleresult" VALUES(461,7,'type.training_l1_staff','type','error','item','Staff required to hold level 1 training must be a whole number','training_l1_staff',1,0);
INSERT INTO "ruleresult" VALUES(462,7,'required.training_l1_staff','required','error','item','Staff required to hold level 1 training must be filled in','training_l1_staff',1,0);
INSERT INTO "ruleresult" VALUES(463,7,'range.training_l1_staff','range','error','item','Staff required to hold level 1 training must be between 0 and 50000','training_l1_staff',1,0);
INSERT INTO "ruleresult" VALUES(464,7,'type.training_l2_trained','type','error','item','Staff with in-date level 2 safeguarding children training must be a whole number','training_l2_trained',1,0);
INSERT INTO "ruleresult" VALUES(465,7,'required.training_l2_trained','required','error','item','Staff with in-date level 2 safeguarding children training must be filled in','training_l2_trained',1,0);
INSERT INTO "ruleresult" VALUES(466,7,'range.training_l2_trained','range','error','item','Staff with in-date level 2 safeguarding children training must be between 0 and 50000','training_l2_trained',1,0);
INSERT INTO "ruleresult" VALUES(467,7,'HLT-011','not_above','error','record','Staff trained at level 2 cannot exceed the staff who need level 2.','training_l2_trained,training_l2_staff',1,0);
INSERT INTO "ruleresult" VALUES(468,7,'type.training_l2_staff','type','error','item','Staff required to hold level 2 training must be a whole number','training_l2_staff',1,0);
INSERT INTO "ruleresult" VALUES(469,7,'required.training_l2_staff','required','error','item','Staff required to hold level 2 training must be filled in','training_l2_staff',1,0);
INSERT INTO "ruleresult" VALUES(470,7,'range.training_l2_staff','range','error','item','Staff required to hold level 2 training must be between 0 and 50000','training_l2_staff',1,0);
INSERT INTO "ruleresult" VALUES(471,7,'type.training_l3_trained','type','error','item','Staff with in-date level 3 safeguarding children training must be a whole number','training_l3_trained',1,0);
INSERT INTO "ruleresult" VALUES(472,7,'required.training_l3_trained','required','error','item','Staff with in-date level 3 safeguarding children training must be filled in','training_l3_trained',1,0);
INSERT INTO "ruleresult" VALUES(473,7,'range.training_l3_trained','range','error','item','Staff with in-date level 3 safeguarding children training must be between 0 and 50000','training_l3_trained',1,0);
INSERT INTO "ruleresult" VALUES(474,7,'HLT-012','not_above','error','record','Staff trained at level 3 cannot exceed the staff who need level 3.','training_l3_trained,training_l3_staff',1,0);
INSERT INTO "ruleresult" VALUES(475,7,'type.training_l3_staff','type','error','item','Staff required to hold level 3 training must be a whole number','training_l3_staff',1,0);
INSERT INTO "ruleresult" VALUES(476,7,'required.training_l3_staff','required','error','item','Staff required to hold level 3 training must be filled in','training_l3_staff',1,0);
INSERT INTO "ruleresult" VALUES(477,7,'range.training_l3_staff','range','error','item','Staff required to hold level 3 training must be between 0 and 50000','training_l3_staff',1,0);
INSERT INTO "ruleresult" VALUES(478,7,'type.iha_within_20wd','type','error','item','Initial health assessments of children in care done within 20 working days must be a whole number','iha_within_20wd',1,0);
INSERT INTO "ruleresult" VALUES(479,7,'required.iha_within_20wd','required','error','item','Initial health assessments of children in care done within 20 working days must be filled in','iha_within_20wd',1,0);
INSERT INTO "ruleresult" VALUES(480,7,'range.iha_within_20wd','range','error','item','Initial health assessments of children in care done within 20 working days must be between 0 and 2000','iha_within_20wd',1,0);
INSERT INTO "ruleresult" VALUES(481,7,'HLT-013','not_above','error','record','IHAs within 20 working days cannot exceed the IHAs due.','iha_within_20wd,iha_due',1,0);
INSERT INTO "ruleresult" VALUES(482,7,'type.iha_due','type','error','item','Initial health assessments of children in care due in the quarter must be a whole number','iha_due',1,0);
INSERT INTO "ruleresult" VALUES(483,7,'required.iha_due','required','error','item','Initial health assessments of children in care due in the quarter must be filled in','iha_due',1,0);
INSERT INTO "ruleresult" VALUES(484,7,'range.iha_due','range','error','item','Initial health assessments of children in care due in the quarter must be between 0 and 2000','iha_due',1,0);
INSERT INTO "ruleresult" VALUES(485,7,'type.rha_within_timescale','type','error','item','Review health assessments of children in care done within timescale must be a whole number','rha_within_timescale',1,0);
INSERT INTO "ruleresult" VALUES(486,7,'required.rha_within_timescale','required','error','item','Review health assessments of children in care done within timescale must be filled in','rha_within_timescale',1,0);
INSERT INTO "ruleresult" VALUES(487,7,'range.rha_within_timescale','range','error','item','Review health assessments of children in care done within timescale must be between 0 and 5000','rha_within_timescale',1,0);
INSERT INTO "ruleresult" VALUES(488,7,'HLT-014','not_above','error','record','RHAs within timescale cannot exceed the RHAs due.','rha_within_timescale,rha_due',1,0);
INSERT INTO "ruleresult" VALUES(489,7,'type.rha_due','type','error','item','Review health assessments of children in care due in the quarter must be a whole number','rha_due',1,0);
INSERT INTO "ruleresult" VALUES(490,7,'required.rha_due','required','error','item','Review health assessments of children in care due in the quarter must be filled in','rha_due',1,0);
INSERT INTO "ruleresult" VALUES(491,7,'range.rha_due','range','error','item','Review health assessments of children in care due in the quarter must be between 0 and 5000','rha_due',1,0);
INSERT INTO "ruleresult" VALUES(492,7,'type.ed_selfharm_u18','type','error','item','Emergency department attendances of under-18s for self-harm must be a whole number','ed_selfharm_u18',1,0);
INSERT INTO "ruleresult" VALUES(493,7,'required.ed_selfharm_u18','required','error','item','Emergency department attendances of under-18s for self-harm must be filled in','ed_selfharm_u18',1,0);
INSERT INTO "ruleresult" VALUES(494,7,'range.ed_selfharm_u18','range','error','item','Emergency department attendances of under-18s for self-harm must be between 0 and 5000','ed_selfharm_u18',1,0);
INSERT INTO "ruleresult" VALUES(495,7,'HLT-101','change_from_previous','query','return','Self-harm attendances moved by more than half from last quarter; explain the change.','ed_selfharm_u18',1,0);
INSERT INTO "ruleresult" VALUES(496,7,'type.referrals_to_csc','type','error','item','Referrals made by the provider to children''s social care must be a whole number','referrals_to_csc',1,0);
INSERT INTO "ruleresult" VALUES(497,7,'required.referrals_to_csc','required','error','item','Referrals made by the provider to children''s social care must be filled in','referrals_to_csc',1,0);
INSERT INTO "ruleresult" VALUES(498,7,'range.referrals_to_csc','range','error','item','Referrals made by the provider to children''s social care must be between 0 and 10000','referrals_to_csc',1,0);
INSERT INTO "ruleresult" VALUES(499,7,'type.gcp_assessments','type','error','item','Graded Care Profile (GCP2) assessments completed must be a whole number','gcp_assessments',1,0);
INSERT INTO "ruleresult" VALUES(500,7,'required.gcp_assessments','required','error','item','Graded Care Profile (GCP2) assessments completed must be filled in','gcp_assessments',1,0);
INSERT INTO "ruleresult" VALUES(501,7,'range.gcp_assessments','range','error','item','Graded Care Profile (GCP2) assessments completed must be between 0 and 5000','gcp_assessments',1,0);
INSERT INTO "ruleresult" VALUES(502,7,'type.sarc_referrals_children','type','error','item','Children referred to the Sexual Assault Referral Centre must be a whole number','sarc_referrals_children',1,0);
INSERT INTO "ruleresult" VALUES(503,7,'required.sarc_referrals_children','required','error','item','Children referred to the Sexual Assault Referral Centre must be filled in','sarc_referrals_children',1,0);
INSERT INTO "ruleresult" VALUES(504,7,'range.sarc_referrals_children','range','error','item','Children referred to the Sexual Assault Referral Centre must be between 0 and 1000','sarc_referrals_children',1,0);
INSERT INTO "ruleresult" VALUES(505,7,'HLT-001','row_count','error','return','The ICB sends one row per provider, at least one and at most ten.','',1,0);
INSERT INTO "ruleresult" VALUES(506,7,'unique.key','unique','error','record','Each quarter + provider may appear only once','quarter,provider',1,0);
INSERT INTO "ruleresult" VALUES(507,7,'agency.area','own_area','error','record','This is not one of your agency''s areas (an unknown code, or another agency''s area): send only your own areas'' data','area_code',1,0);
INSERT INTO "ruleresult" VALUES(508,7,'period.match','period_match','error','record','The period in the row is not the period of this return','quarter',1,0);
INSERT INTO "ruleresult" VALUES(509,8,'type.quarter','type','error','item','Reporting quarter (financial year, e.g. 2020-Q1 = April-June 2020) must be text','quarter',1,0);
INSERT INTO "ruleresult" VALUES(510,8,'required.quarter','required','error','item','Reporting quarter (financial year, e.g. 2020-Q1 = April-June 2020) must be filled in','quarter',1,0);
INSERT INTO "ruleresult" VALUES(511,8,'pattern.quarter','pattern','error','item','Reporting quarter (financial year, e.g. 2020-Q1 = April-June 2020) is not in the expected form','quarter',1,0);
INSERT INTO "ruleresult" VALUES(512,8,'type.area_code','type','error','item','Area (CPSCP for the whole partnership) must be text','area_code',1,0);
INSERT INTO "ruleresult" VALUES(513,8,'required.area_code','required','error','item','Area (CPSCP for the whole partnership) must be filled in','area_code',1,0);
INSERT INTO "ruleresult" VALUES(514,8,'pattern.area_code','pattern','error','item','Area (CPSCP for the whole partnership) is not in the expected form','area_code',1,0);
INSERT INTO "ruleresult" VALUES(515,8,'type.deaths_notified_total','type','error','item','Child deaths notified to CDOP must be a whole number','deaths_notified_total',1,0);
INSERT INTO "ruleresult" VALUES(516,8,'required.deaths_notified_total','required','error','item','Child deaths notified to CDOP must be filled in','deaths_notified_total',1,0);
INSERT INTO "ruleresult" VALUES(517,8,'range.deaths_notified_total','range','error','item','Child deaths notified to CDOP must be between 0 and 500','deaths_notified_total',1,0);
INSERT INTO "ruleresult" VALUES(518,8,'type.deaths_cambridgeshire','type','error','item','Child deaths notified - children living in Cambridgeshire must be a whole number','deaths_cambridgeshire',1,0);
INSERT INTO "ruleresult" VALUES(519,8,'required.deaths_cambridgeshire','required','error','item','Child deaths notified - children living in Cambridgeshire must be filled in','deaths_cambridgeshire',1,0);
INSERT INTO "ruleresult" VALUES(520,8,'range.deaths_cambridgeshire','range','error','item','Child deaths notified - children living in Cambridgeshire must be between 0 and 500','deaths_cambridgeshire',1,0);
INSERT INTO "ruleresult" VALUES(521,8,'type.deaths_peterborough','type','error','item','Child deaths notified - children living in Peterborough must be a whole number','deaths_peterborough',1,0);
INSERT INTO "ruleresult" VALUES(522,8,'required.deaths_peterborough','required','error','item','Child deaths notified - children living in Peterborough must be filled in','deaths_peterborough',1,0);
INSERT INTO "ruleresult" VALUES(523,8,'range.deaths_peterborough','range','error','item','Child deaths notified - children living in Peterborough must be between 0 and 500','deaths_peterborough',1,0);
INSERT INTO "ruleresult" VALUES(524,8,'type.deaths_other_area','type','error','item','Child deaths notified - children living elsewhere must be a whole number','deaths_other_area',1,0);
INSERT INTO "ruleresult" VALUES(525,8,'required.deaths_other_area','required','error','item','Child deaths notified - children living elsewhere must be filled in','deaths_other_area',1,0);
INSERT INTO "ruleresult" VALUES(526,8,'range.deaths_other_area','range','error','item','Child deaths notified - children living elsewhere must be between 0 and 500','deaths_other_area',1,0);
INSERT INTO "ruleresult" VALUES(527,8,'type.reviews_completed','type','error','item','Child death reviews completed by the panel must be a whole number','reviews_completed',1,0);
INSERT INTO "ruleresult" VALUES(528,8,'required.reviews_completed','required','error','item','Child death reviews completed by the panel must be filled in','reviews_completed',1,0);
INSERT INTO "ruleresult" VALUES(529,8,'range.reviews_completed','range','error','item','Child death reviews completed by the panel must be between 0 and 500','reviews_completed',1,0);
INSERT INTO "ruleresult" VALUES(530,8,'type.reviews_modifiable','type','error','item','Reviews completed that found modifiable factors must be a whole number','reviews_modifiable',1,0);
INSERT INTO "ruleresult" VALUES(531,8,'required.reviews_modifiable','required','error','item','Reviews completed that found modifiable factors must be filled in','reviews_modifiable',1,0);
INSERT INTO "ruleresult" VALUES(532,8,'range.reviews_modifiable','range','error','item','Reviews completed that found modifiable factors must be between 0 and 500','reviews_modifiable',1,0);
INSERT INTO "ruleresult" VALUES(533,8,'type.reviews_not_modifiable','type','error','item','Reviews completed that found no modifiable factors must be a whole number','reviews_not_modifiable',1,0);
INSERT INTO "ruleresult" VALUES(534,8,'required.reviews_not_modifiable','required','error','item','Reviews completed that found no modifiable factors must be filled in','reviews_not_modifiable',1,0);
INSERT INTO "ruleresult" VALUES(535,8,'range.reviews_not_modifiable','range','error','item','Reviews completed that found no modifiable factors must be between 0 and 500','reviews_not_modifiable',1,0);
INSERT INTO "ruleresult" VALUES(536,8,'type.reviews_within_6m','type','error','item','Reviews completed within 6 months of the death must be a whole number','reviews_within_6m',1,0);
INSERT INTO "ruleresult" VALUES(537,8,'required.reviews_within_6m','required','error','item','Reviews completed within 6 months of the death must be filled in','reviews_within_6m',1,0);
INSERT INTO "ruleresult" VALUES(538,8,'range.reviews_within_6m','range','error','item','Reviews completed within 6 months of the death must be between 0 and 500','reviews_within_6m',1,0);
INSERT INTO "ruleresult" VALUES(539,8,'type.reviews_6_to_12m','type','error','item','Reviews completed more than 6 and up to 12 months after the death must be a whole number','reviews_6_to_12m',1,0);
INSERT INTO "ruleresult" VALUES(540,8,'required.reviews_6_to_12m','required','error','item','Reviews completed more than 6 and up to 12 months after the death must be filled in','reviews_6_to_12m',1,0);
INSERT INTO "ruleresult" VALUES(541,8,'range.reviews_6_to_12m','range','error','item','Reviews completed more than 6 and up to 12 months after the death must be between 0 and 500','reviews_6_to_12m',1,0);
INSERT INTO "ruleresult" VALUES(542,8,'type.reviews_over_12m','type','error','item','Reviews completed more than 12 months after the death must be a whole number','reviews_over_12m',1,0);
INSERT INTO "ruleresult" VALUES(543,8,'required.reviews_over_12m','required','error','item','Reviews completed more than 12 months after the death must be filled in','reviews_over_12m',1,0);
INSERT INTO "ruleresult" VALUES(544,8,'range.reviews_over_12m','range','error','item','Reviews completed more than 12 months after the death must be between 0 and 500','reviews_over_12m',1,0);
INSERT INTO "ruleresult" VALUES(545,8,'CDOP-001','row_count','error','return','The panel sends exactly one row, for the partnership, each quarter.','',1,0);
INSERT INTO "ruleresult" VALUES(546,8,'CDOP-101','sum_equals','query','record','Deaths notified by area (Cambridgeshire, Peterborough, elsewhere) do not add up to the deaths notified; explain the difference or correct the figures.','deaths_notified_total,deaths_cambridgeshire,deaths_peterborough,deaths_other_area',1,1);
INSERT INTO "ruleresult" VALUES(547,8,'CDOP-002','sum_equals','error','record','Every completed review finds modifiable factors or not: the two must add up to the reviews completed.','reviews_completed,reviews_modifiable,reviews_not_modifiable',1,0);
INSERT INTO "ruleresult" VALUES(548,8,'CDOP-003','sum_equals','error','record','Every completed review falls in exactly one time band (within 6 months, 6 to 12 months, over 12 months): the three bands must add up to the reviews completed.','reviews_completed,reviews_within_6m,reviews_6_to_12m,reviews_over_12m',1,0);
INSERT INTO "ruleresult" VALUES(549,8,'unique.key','unique','error','record','Each quarter + area_code may appear only once','quarter,area_code',1,0);
INSERT INTO "ruleresult" VALUES(550,8,'agency.area','own_area','error','record','This is not one of your agency''s areas (an unknown code, or another agency''s area): send only your own areas'' data','area_code',1,0);
INSERT INTO "ruleresult" VALUES(551,8,'period.match','period_match','error','record','The period in the row is not the period of this return','quarter',1,0);
INSERT INTO "ruleresult" VALUES(552,9,'type.child_id','type','error','item','Child identifier (as in the case management system) must be text','child_id',1,0);
INSERT INTO "ruleresult" VALUES(553,9,'required.child_id','required','error','item','Child identifier (as in the case management system) must be filled in','child_id',1,0);
INSERT INTO "ruleresult" VALUES(554,9,'pattern.child_id','pattern','error','item','Child identifier (as in the case management system) is not in the expected form','child_id',1,0);
INSERT INTO "ruleresult" VALUES(555,9,'type.area_code','type','error','item','Local authority area (ONS code) must be text','area_code',1,0);
INSERT INTO "ruleresult" VALUES(556,9,'required.area_code','required','error','item','Local authority area (ONS code) must be filled in','area_code',1,0);
INSERT INTO "ruleresult" VALUES(557,9,'pattern.area_code','pattern','error','item','Local authority area (ONS code) is not in the expected form','area_code',1,0);
INSERT INTO "ruleresult" VALUES(558,9,'type.event_type','type','error','item','Event must be text','event_type',1,0);
INSERT INTO "ruleresult" VALUES(559,9,'required.event_type','required','error','item','Event must be filled in','event_type',1,0);
INSERT INTO "ruleresult" VALUES(560,9,'EPI-002','allowed_values','error','item','Event must be one of contact, referral, assessment, s47, icpc, cp_start, cp_end, care_start, care_end or early_help.','event_type',1,1);
INSERT INTO "ruleresult" VALUES(561,9,'type.event_date','type','error','item','Date of the event must be a date (YYYY-MM-DD or DD/MM/YYYY)','event_date',1,0);
INSERT INTO "ruleresult" VALUES(562,9,'required.event_date','required','error','item','Date of the event must be filled in','event_date',1,0);
INSERT INTO "ruleresult" VALUES(563,9,'type.assessment_factors','type','error','item','Factors identified at the end of assessment (DfE CIN census codes) must be text','assessment_factors',1,0);
INSERT INTO "ruleresult" VALUES(564,9,'pattern.assessment_factors','pattern','error','item','Factors identified at the end of assessment (DfE CIN census codes) is not in the expected form','assessment_factors',1,0);
INSERT INTO "ruleresult" VALUES(565,9,'type.age','type','error','item','Age of the child in whole years at the event must be a whole number','age',1,0);
INSERT INTO "ruleresult" VALUES(566,9,'required.age','required','error','item','Age of the child in whole years at the event must be filled in','age',1,0);
INSERT INTO "ruleresult" VALUES(567,9,'range.age','range','error','item','Age of the child in whole years at the event must be between 0 and 17','age',1,0);
INSERT INTO "ruleresult" VALUES(568,9,'type.gender','type','error','item','Gender (DfE code) must be text','gender',1,0);
INSERT INTO "ruleresult" VALUES(569,9,'required.gender','required','error','item','Gender (DfE code) must be filled in','gender',1,0);
INSERT INTO "ruleresult" VALUES(570,9,'EPI-003','allowed_values','error','item','Gender must be a DfE code - 0 not known, 1 male, 2 female, 9 not stated.','gender',1,0);
INSERT INTO "ruleresult" VALUES(571,9,'type.ethnicity','type','error','item','Ethnicity (DfE code) must be text','ethnicity',1,0);
INSERT INTO "ruleresult" VALUES(572,9,'required.ethnicity','required','error','item','Ethnicity (DfE code) must be filled in','ethnicity',1,0);
INSERT INTO "ruleresult" VALUES(573,9,'EPI-004','allowed_values','error','item','Ethnicity must be one of the DfE ethnicity codes (e.g. WBRI, MWBC, APKN, REFU, NOBT).','ethnicity',1,0);
INSERT INTO "ruleresult" VALUES(574,9,'EPI-001','row_count','error','return','The return is empty; send the month''s events.','',1,0);
INSERT INTO "ruleresult" VALUES(575,9,'EPI-101','row_count','query','return','Fewer than 50 events in a month is unusual for a local authority; check that the extract is complete.','',1,0);
INSERT INTO "ruleresult" VALUES(576,9,'unique.key','unique','error','record','Each child_id + event_type + event_date may appear only once','child_id,event_type,event_date',1,0);
INSERT INTO "ruleresult" VALUES(577,9,'agency.area','own_area','error','record','This is not one of your agency''s areas (an unknown code, or another agency''s area): send only your own areas'' data','area_code',1,0);
INSERT INTO "ruleresult" VALUES(578,9,'period.date','in_period','error','item','The date is outside the reporting period of this return','event_date',1,0);
INSERT INTO "ruleresult" VALUES(579,9,'period.future','not_in_future','error','item','The date is in the future','event_date',1,0);
INSERT INTO "ruleresult" VALUES(580,10,'type.child_id','type','error','item','Child identifier (as in the case management system) must be text','child_id',1,0);
INSERT INTO "ruleresult" VALUES(581,10,'required.child_id','required','error','item','Child identifier (as in the case management system) must be filled in','child_id',1,0);
INSERT INTO "ruleresult" VALUES(582,10,'pattern.child_id','pattern','error','item','Child identifier (as in the case management system) is not in the expected form','child_id',1,0);
INSERT INTO "ruleresult" VALUES(583,10,'type.area_code','type','error','item','Local authority area (ONS code) must be text','area_code',1,0);
INSERT INTO "ruleresult" VALUES(584,10,'required.area_code','required','error','item','Local authority area (ONS code) must be filled in','area_code',1,0);
INSERT INTO "ruleresult" VALUES(585,10,'pattern.area_code','pattern','error','item','Local authority area (ONS code) is not in the expected form','area_code',1,0);
INSERT INTO "ruleresult" VALUES(586,10,'type.event_type','type','error','item','Event must be text','event_type',1,0);
INSERT INTO "ruleresult" VALUES(587,10,'required.event_type','required','error','item','Event must be filled in','event_type',1,0);
INSERT INTO "ruleresult" VALUES(588,10,'EPI-002','allowed_values','error','item','Event must be one of contact, referral, assessment, s47, icpc, cp_start, cp_end, care_start, care_end or early_help.','event_type',1,0);
INSERT INTO "ruleresult" VALUES(589,10,'type.event_date','type','error','item','Date of the event must be a date (YYYY-MM-DD or DD/MM/YYYY)','event_date',1,0);
INSERT INTO "ruleresult" VALUES(590,10,'required.event_date','required','error','item','Date of the event must be filled in','event_date',1,0);
INSERT INTO "ruleresult" VALUES(591,10,'type.assessment_factors','type','error','item','Factors identified at the end of assessment (DfE CIN census codes) must be text','assessment_factors',1,0);
INSERT INTO "ruleresult" VALUES(592,10,'pattern.assessment_factors','pattern','error','item','Factors identified at the end of assessment (DfE CIN census codes) is not in the expected form','assessment_factors',1,0);
INSERT INTO "ruleresult" VALUES(593,10,'type.age','type','error','item','Age of the child in whole years at the event must be a whole number','age',1,0);
INSERT INTO "ruleresult" VALUES(594,10,'required.age','required','error','item','Age of the child in whole years at the event must be filled in','age',1,0);
INSERT INTO "ruleresult" VALUES(595,10,'range.age','range','error','item','Age of the child in whole years at the event must be between 0 and 17','age',1,0);
INSERT INTO "ruleresult" VALUES(596,10,'type.gender','type','error','item','Gender (DfE code) must be text','gender',1,0);
INSERT INTO "ruleresult" VALUES(597,10,'required.gender','required','error','item','Gender (DfE code) must be filled in','gender',1,0);
INSERT INTO "ruleresult" VALUES(598,10,'EPI-003','allowed_values','error','item','Gender must be a DfE code - 0 not known, 1 male, 2 female, 9 not stated.','gender',1,0);
INSERT INTO "ruleresult" VALUES(599,10,'type.ethnicity','type','error','item','Ethnicity (DfE code) must be text','ethnicity',1,0);
INSERT INTO "ruleresult" VALUES(600,10,'required.ethnicity','required','error','item','Ethnicity (DfE code) must be filled in','ethnicity',1,0);
INSERT INTO "ruleresult" VALUES(601,10,'EPI-004','allowed_values','error','item','Ethnicity must be one of the DfE ethnicity codes (e.g. WBRI, MWBC, APKN, REFU, NOBT).','ethnicity',1,0);
INSERT INTO "ruleresult" VALUES(602,10,'EPI-001','row_count','error','return','The return is empty; send the month''s events.','',1,0);
INSERT INTO "ruleresult" VALUES(603,10,'EPI-101','row_count','query','return','Fewer than 50 events in a month is unusual for a local authority; check that the extract is complete.','',1,0);
INSERT INTO "ruleresult" VALUES(604,10,'unique.key','unique','error','record','Each child_id + event_type + event_date may appear only once','child_id,event_type,event_date',1,0);
INSERT INTO "ruleresult" VALUES(605,10,'agency.area','own_area','error','record','This is not one of your agency''s areas (an unknown code, or another agency''s area): send only your own areas'' data','area_code',1,0);
INSERT INTO "ruleresult" VALUES(606,10,'period.date','in_period','error','item','The date is outside the reporting period of this return','event_date',1,0);
INSERT INTO "ruleresult" VALUES(607,10,'period.future','not_in_future','error','item','The date is in the future','event_date',1,0);
CREATE TABLE schedule_run (
	id INTEGER NOT NULL, 
	contract_id VARCHAR(64) NOT NULL, 
	agency_id VARCHAR(64) NOT NULL, 
	slot DATETIME NOT NULL, 
	enqueued_at DATETIME NOT NULL, 
	node VARCHAR(128) NOT NULL, 
	PRIMARY KEY (id), 
	UNIQUE (contract_id, agency_id, slot)
);
INSERT INTO "schedule_run" VALUES(1,'la-csc-activity','cambridgeshire-cc','2026-12-06 05:26:21.086277','2026-12-06 05:26:21.281023','n1');
CREATE TABLE sdh_init_state (id INTEGER PRIMARY KEY, fingerprint VARCHAR(64) NOT NULL);
INSERT INTO "sdh_init_state" VALUES(1,'954d91d55793b7d1e42be71e0dd31cd28d5da6d0b56a9ecc7c4fd4a547211a5d');
CREATE TABLE submission (
	id INTEGER NOT NULL, 
	contract_id VARCHAR(64) NOT NULL, 
	contract_version VARCHAR(32) NOT NULL, 
	agency_id VARCHAR(64) NOT NULL, 
	period_label VARCHAR(16), 
	filename VARCHAR(255) NOT NULL, 
	sha256 VARCHAR(64) NOT NULL, 
	size_bytes INTEGER NOT NULL, 
	landing_path VARCHAR(255) NOT NULL, 
	source VARCHAR(16) NOT NULL, 
	submitted_by VARCHAR(128), 
	status VARCHAR(16) NOT NULL, 
	received_at DATETIME NOT NULL, 
	status_changed_at DATETIME NOT NULL, 
	rows_received INTEGER, 
	rows_loaded INTEGER, 
	rows_held INTEGER, 
	error_count INTEGER, 
	query_count INTEGER, 
	supersedes_id INTEGER, 
	superseded_by_id INTEGER, 
	PRIMARY KEY (id), 
	CONSTRAINT uq_submission_content UNIQUE (contract_id, agency_id, sha256), 
	FOREIGN KEY(agency_id) REFERENCES agency (id), 
	FOREIGN KEY(supersedes_id) REFERENCES submission (id), 
	FOREIGN KEY(superseded_by_id) REFERENCES submission (id)
);
INSERT INTO "submission" VALUES(1,'la-csc-activity','1.0.0','cambridgeshire-cc','2020-04','2020-04.csv','5547f578f1447c170e346634fe3bdfbb20ecdc65081326d03e18d07a65939460',461,'55/5547f578f1447c170e346634fe3bdfbb20ecdc65081326d03e18d07a65939460','cli',NULL,'superseded','2026-12-06 05:26:17.756682','2026-12-06 05:26:20.162224',1,1,0,0,0,NULL,2);
INSERT INTO "submission" VALUES(2,'la-csc-activity','1.0.0','cambridgeshire-cc','2020-04','changed-2020-04.csv','905676ece3c37adc46da457cf6b310648eb498b2a38e4328e921be38cb43fe12',460,'90/905676ece3c37adc46da457cf6b310648eb498b2a38e4328e921be38cb43fe12','cli',NULL,'loaded','2026-12-06 05:26:19.817980','2026-12-06 05:26:20.162328',1,1,0,0,0,1,NULL);
INSERT INTO "submission" VALUES(3,'la-csc-activity','1.0.0','peterborough-cc','2020-04','p.csv','642ae1250f55f5ac25d5bcbdeb7b89a4044a9267baa9926515390e5bba0fb9fe',456,'64/642ae1250f55f5ac25d5bcbdeb7b89a4044a9267baa9926515390e5bba0fb9fe','cli',NULL,'loaded','2026-12-06 05:26:20.165357','2026-12-06 05:26:20.319059',1,1,0,0,0,NULL,NULL);
INSERT INTO "submission" VALUES(4,'la-csc-activity','1.0.0','cambridgeshire-cc','2020-05','changed-2020-05.csv','dad6628a2d1abf4286fbd711aad7dc03d6943a5aa3502c29cb9f0b7fd8e83464',462,'da/dad6628a2d1abf4286fbd711aad7dc03d6943a5aa3502c29cb9f0b7fd8e83464','cli',NULL,'validated','2026-12-06 05:26:20.321493','2026-12-06 05:26:21.090792',1,NULL,NULL,1,1,NULL,NULL);
INSERT INTO "submission" VALUES(5,'la-csc-activity','1.0.0','peterborough-cc','2020-05','changed-2020-05.csv','3d31aa0147543d584819aa157a584203db530c993e9ed76c1bbaa017ddd49818',457,'3d/3d31aa0147543d584819aa157a584203db530c993e9ed76c1bbaa017ddd49818','cli',NULL,'needs_review','2026-12-06 05:26:20.483952','2026-12-06 05:26:20.638228',1,NULL,NULL,1,1,NULL,NULL);
INSERT INTO "submission" VALUES(6,'police-safeguarding','1.0.0','cambs-police','2020-04','2020-04.csv','c9415480b6e577e74dec8e688a976c78fbc088c14ac8eb9b487564002d796a4a',446,'c9/c9415480b6e577e74dec8e688a976c78fbc088c14ac8eb9b487564002d796a4a','cli',NULL,'loaded','2026-12-06 05:26:20.641484','2026-12-06 05:26:20.714623',6,6,0,0,0,NULL,NULL);
INSERT INTO "submission" VALUES(7,'health-safeguarding','1.0.0','cp-icb','2020-Q1','2020-Q1.csv','cd902f5e12348ed86d4c04a28804b0c340775336df26a33e863b7776d4fc2789',606,'cd/cd902f5e12348ed86d4c04a28804b0c340775336df26a33e863b7776d4fc2789','cli',NULL,'loaded','2026-12-06 05:26:20.716749','2026-12-06 05:26:20.832482',5,5,0,0,0,NULL,NULL);
INSERT INTO "submission" VALUES(8,'cdop-child-deaths','1.0.0','cp-cdop','2020-Q1','2020-Q1.csv','3ea380147379c38ac5a44b55707be2f02ccb4e9d543ddd2c94db7db9c80b7848',246,'3e/3ea380147379c38ac5a44b55707be2f02ccb4e9d543ddd2c94db7db9c80b7848','cli',NULL,'loaded','2026-12-06 05:26:20.834634','2026-12-06 05:26:20.930762',1,1,0,0,1,NULL,NULL);
INSERT INTO "submission" VALUES(9,'la-csc-episodes','1.0.0','cambridgeshire-cc','2021-02','changed-2021-02.csv','1ea288b23065cc6ac2ff3549d81d28cfaf83c375cf7d8c18dc197cc553d9d934',22443,'1e/1ea288b23065cc6ac2ff3549d81d28cfaf83c375cf7d8c18dc197cc553d9d934','cli',NULL,'loaded','2026-12-06 05:26:20.934359','2026-12-06 05:26:21.017469',428,427,1,1,0,NULL,NULL);
INSERT INTO "submission" VALUES(10,'la-csc-episodes','1.0.0','peterborough-cc','2021-02','2021-02.csv','f26207ccb8cad60e9be1ca34d251fda67e1c289d5e056b95eed19024391207c8',12603,'f2/f26207ccb8cad60e9be1ca34d251fda67e1c289d5e056b95eed19024391207c8','cli',NULL,'loaded','2026-12-06 05:26:21.020233','2026-12-06 05:26:21.085270',239,239,0,0,0,NULL,NULL);
CREATE TABLE validationrun (
	id INTEGER NOT NULL, 
	submission_id INTEGER NOT NULL, 
	contract_version VARCHAR(32) NOT NULL, 
	started_at DATETIME NOT NULL, 
	finished_at DATETIME, 
	outcome VARCHAR(16) NOT NULL, 
	rows_received INTEGER NOT NULL, 
	error_count INTEGER NOT NULL, 
	query_count INTEGER NOT NULL, 
	message TEXT, 
	PRIMARY KEY (id), 
	FOREIGN KEY(submission_id) REFERENCES submission (id)
);
INSERT INTO "validationrun" VALUES(1,1,'1.0.0','2026-12-06 05:26:17.762712','2026-12-06 05:26:19.798683','passed',1,0,0,NULL);
INSERT INTO "validationrun" VALUES(2,2,'1.0.0','2026-12-06 05:26:19.820816','2026-12-06 05:26:20.154645','passed',1,0,0,NULL);
INSERT INTO "validationrun" VALUES(3,3,'1.0.0','2026-12-06 05:26:20.167696','2026-12-06 05:26:20.311606','passed',1,0,0,NULL);
INSERT INTO "validationrun" VALUES(4,4,'1.0.0','2026-12-06 05:26:20.323918','2026-12-06 05:26:20.477832','failed',1,1,1,NULL);
INSERT INTO "validationrun" VALUES(5,5,'1.0.0','2026-12-06 05:26:20.486406','2026-12-06 05:26:20.636480','failed',1,1,1,NULL);
INSERT INTO "validationrun" VALUES(6,6,'1.0.0','2026-12-06 05:26:20.644025','2026-12-06 05:26:20.706511','passed',6,0,0,NULL);
INSERT INTO "validationrun" VALUES(7,7,'1.0.0','2026-12-06 05:26:20.719051','2026-12-06 05:26:20.824900','passed',5,0,0,NULL);
INSERT INTO "validationrun" VALUES(8,8,'1.0.0','2026-12-06 05:26:20.836933','2026-12-06 05:26:20.923248','queries',1,0,1,NULL);
INSERT INTO "validationrun" VALUES(9,9,'1.0.0','2026-12-06 05:26:20.936720','2026-12-06 05:26:20.999506','failed',428,1,0,NULL);
INSERT INTO "validationrun" VALUES(10,10,'1.0.0','2026-12-06 05:26:21.022715','2026-12-06 05:26:21.073796','passed',239,0,0,NULL);
CREATE INDEX ix_contractversion_contract_id ON contractversion (contract_id);
CREATE INDEX ix_submission_status ON submission (status);
CREATE INDEX ix_submission_return ON submission (contract_id, agency_id, period_label);
CREATE INDEX ix_api_token_agency_id ON api_token (agency_id);
CREATE INDEX ix_validationrun_submission_id ON validationrun (submission_id);
CREATE INDEX ix_rowhold_submission_id ON rowhold (submission_id);
CREATE INDEX ix_event_at ON event (at);
CREATE INDEX ix_event_kind ON event (kind);
CREATE INDEX ix_event_submission_id ON event (submission_id);
CREATE INDEX ix_measure_fact_lookup ON measure_fact (measure_id, area_code, period_label);
CREATE INDEX ix_measure_fact_submission_id ON measure_fact (submission_id);
CREATE INDEX ix_ruleresult_run_id ON ruleresult (run_id);
CREATE INDEX ix_rowissue_run_id ON rowissue (run_id);
CREATE INDEX ix_query_explanation_submission_id ON query_explanation (submission_id);
CREATE INDEX ix_rule_override_submission_id ON rule_override (submission_id);
CREATE INDEX ix_rule_override_run_id ON rule_override (run_id);
CREATE INDEX ix_notification_status ON notification (status);
CREATE INDEX ix_notification_event_id ON notification (event_id);
CREATE TRIGGER event_no_update BEFORE UPDATE ON event BEGIN SELECT RAISE(ABORT, 'the event log is append-only: UPDATE refused'); END;
CREATE TRIGGER event_no_delete BEFORE DELETE ON event BEGIN SELECT RAISE(ABORT, 'the event log is append-only: DELETE refused'); END;
CREATE VIEW v_current_measure_fact AS
SELECT f.id,
       f.submission_id,
       s.agency_id,
       s.contract_id,
       f.measure_id,
       f.area_code,
       f.period_label,
       f.grain,
       f.period_start,
       f.period_end,
       f.dimension,
       f.value
FROM measure_fact f
JOIN submission s ON s.id = f.submission_id
WHERE s.status = 'loaded';
CREATE VIEW v_measure_by_area AS
SELECT f.measure_id,
       CASE WHEN a.kind = 'district' THEN a.parent ELSE f.area_code END AS area_code,
       f.period_label,
       f.grain,
       f.period_start,
       f.period_end,
       SUM(f.value) AS value,
       COUNT(DISTINCT f.submission_id) AS submissions
FROM v_current_measure_fact f
JOIN area a ON a.code = f.area_code
GROUP BY f.measure_id,
         CASE WHEN a.kind = 'district' THEN a.parent ELSE f.area_code END,
         f.period_label, f.grain, f.period_start, f.period_end;
CREATE VIEW v_ratio_indicator AS
SELECT m.id AS measure_id,
       n.area_code,
       n.period_label,
       n.grain,
       n.period_start,
       n.period_end,
       n.value AS numerator,
       d.value AS denominator,
       CASE WHEN d.value > 0 THEN n.value * m.scale / d.value END AS value
FROM measure m
JOIN v_measure_by_area n ON n.measure_id = m.numerator
JOIN (
    SELECT measure_id, area_code, period_label, value FROM v_measure_by_area
    UNION ALL
    SELECT 'population_0_17', ap.area_code, p.label, ap.population_0_17
    FROM area_population ap
    JOIN period p ON p.fy_start_year = ap.year
) d ON d.measure_id = m.denominator
   AND d.area_code = n.area_code
   AND d.period_label = n.period_label
WHERE m.aggregation = 'ratio';
COMMIT;
